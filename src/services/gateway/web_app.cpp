#include "services/gateway/web_app.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "core/error.h"

namespace todo::services::gateway {
namespace fs = std::filesystem;

namespace {

std::string content_type_for(const fs::path& p) {
  const auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".webmanifest") return "application/manifest+json";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// The app's policy: its own scripts and styles only (the build has no inline
// code), its own API and WebSocket, never inside a frame. With the token in
// localStorage, this is what keeps an injected script from running.
constexpr const char* kAppPolicy =
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'";
// The placeholder page below has one inline style and nothing else.
constexpr const char* kPlaceholderPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

void set_page_headers(net::Response& res, const char* policy) {
  res.set_header("Content-Security-Policy", policy);
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
}

constexpr const char* kNotBuilt = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Todo Platform</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style>
</head><body><h1>Todo Platform is running</h1>
<p>The API is up, but the web app has not been built, so there is nothing to show here yet.</p>
<p>Build it with <code>scripts/run</code> (which builds everything), or by hand:
<code>npm --prefix web ci &amp;&amp; npm --prefix web run build</code>, and reload this page.
If the app lives elsewhere, point <code>WEB_ROOT</code> at its directory.</p>
</body></html>
)";

}  // namespace

net::Handler make_web_app_handler(std::string web_root) {
  std::error_code resolve_error;
  const fs::path root = fs::weakly_canonical(fs::absolute(web_root, resolve_error), resolve_error);
  return [root](net::Request& req) -> net::Response {
    if (req.path.starts_with("/api/") || req.path == "/api") throw core::not_found("route");
    std::error_code ec;
    const fs::path index = root / "index.html";
    if (!fs::is_regular_file(index, ec)) {
      net::Response res;
      res.content_type = "text/html; charset=utf-8";
      res.body = kNotBuilt;
      res.set_header("Cache-Control", "no-store");
      set_page_headers(res, kPlaceholderPolicy);
      return res;
    }
    // Resolve inside the root only; "..", symlinks out and the like fall back to the app.
    fs::path target = index;
    const std::string rel = req.path.size() > 1 ? req.path.substr(1) : "";
    // Source maps stay private even if a build leaves some behind.
    if (fs::path(rel).extension() == ".map") throw core::not_found("file");
    if (!rel.empty() && rel.find('\0') == std::string::npos) {
      const auto candidate = fs::weakly_canonical(root / rel, ec);
      const auto [root_end, _] = std::mismatch(root.begin(), root.end(), candidate.begin(), candidate.end());
      if (!ec && root_end == root.end() && fs::is_regular_file(candidate, ec)) {
        target = candidate;
      } else if (fs::path(rel).has_extension()) {
        throw core::not_found("file");  // a missing asset is a 404, not the app
      }
    }
    net::Response res;
    res.file_path = target.string();
    res.content_type = content_type_for(target);
    const bool hashed_asset = req.path.starts_with("/assets/");
    res.set_header("Cache-Control", hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
    set_page_headers(res, kAppPolicy);
    return res;
  };
}

}  // namespace todo::services::gateway
