#include "obs/metrics.h"

#include <cmath>
#include <cstdio>

namespace todo::obs {
namespace {

std::string render_labels(const Labels& labels) {
  if (labels.empty()) return {};
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ',';
    out += labels[i].first + "=\"";
    for (char c : labels[i].second) {
      if (c == '\\' || c == '"') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string num(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// Adds `le` to an already rendered label set.
std::string with_le(const std::string& labels, const std::string& le) {
  if (labels.empty()) return "{le=\"" + le + "\"}";
  return labels.substr(0, labels.size() - 1) + ",le=\"" + le + "\"}";
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(new std::atomic<unsigned long long>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i] = 0;
}

void Histogram::observe(double v) {
  size_t i = 0;
  while (i < bounds_.size() && v > bounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot s;
  s.bounds = bounds_;
  unsigned long long running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(running);
  }
  s.sum = sum_.load(std::memory_order_relaxed);
  s.count = running;
  return s;
}

Registry::Family& Registry::family(std::string_view name, std::string_view help, std::string_view type) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    it = families_.emplace(std::string(name), Family{}).first;
    it->second.help = help;
    it->second.type = type;
  }
  return it->second;
}

namespace {

// The series of `labels` in one of a family's maps, made on first use.
template <typename Metric, typename Map, typename Make>
Metric& series(Map& map, const Labels& labels, Make make) {
  auto& slot = map[render_labels(labels)];
  if (!slot) slot = make();
  return *slot;
}

}  // namespace

Counter& Registry::counter(std::string_view name, std::string_view help, const Labels& labels) {
  std::lock_guard lock(mu_);
  return series<Counter>(family(name, help, "counter").counters, labels, [] { return std::make_unique<Counter>(); });
}

Gauge& Registry::gauge(std::string_view name, std::string_view help, const Labels& labels) {
  std::lock_guard lock(mu_);
  return series<Gauge>(family(name, help, "gauge").gauges, labels, [] { return std::make_unique<Gauge>(); });
}

Histogram& Registry::histogram(std::string_view name, std::string_view help, const Labels& labels) {
  std::lock_guard lock(mu_);
  return series<Histogram>(family(name, help, "histogram").histograms, labels, [] {
    return std::make_unique<Histogram>(
        std::vector<double>{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
  });
}

void Registry::gauge_fn(std::string_view name, std::string_view help, std::function<double()> fn) {
  std::lock_guard lock(mu_);
  family(name, help, "gauge").fn = std::move(fn);
}

std::string Registry::render() const {
  // Gauges computed at scrape time may query the database and wait: they run
  // outside the lock, so nothing that counts is held up meanwhile.
  std::map<std::string, std::function<double()>, std::less<>> fns;
  {
    std::lock_guard lock(mu_);
    for (const auto& [name, f] : families_)
      if (f.fn) fns.emplace(name, f.fn);
  }
  std::map<std::string, double, std::less<>> computed;
  for (const auto& [name, fn] : fns) {
    try {
      computed[name] = fn();
    } catch (...) {
      computed[name] = NAN;  // e.g. the database is down or busy while scraping
    }
  }
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " " + f.help + "\n# TYPE " + name + " " + f.type + "\n";
    for (const auto& [labels, c] : f.counters) out += name + labels + " " + num(c->value()) + "\n";
    for (const auto& [labels, g] : f.gauges) out += name + labels + " " + num(g->value()) + "\n";
    if (const auto it = computed.find(name); it != computed.end())
      out += name + " " + (std::isnan(it->second) ? std::string("NaN") : num(it->second)) + "\n";
    for (const auto& [labels, h] : f.histograms) {
      const auto s = h->snapshot();
      for (size_t i = 0; i < s.bounds.size(); ++i)
        out += name + "_bucket" + with_le(labels, num(s.bounds[i])) + " " + std::to_string(s.cumulative[i]) + "\n";
      out += name + "_bucket" + with_le(labels, "+Inf") + " " + std::to_string(s.count) + "\n";
      out += name + "_sum" + labels + " " + num(s.sum) + "\n";
      out += name + "_count" + labels + " " + std::to_string(s.count) + "\n";
    }
  }
  return out;
}

Registry& metrics() {
  static Registry r;
  return r;
}

}  // namespace todo::obs
