package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// facts are what the deployment files must agree with, read from the code
// (the service registry, the services' sources, the event topics) and the
// scripts rather than repeated here.
type facts struct {
	root        string
	apps        []string            // app ids: the folders of src/services
	ports       map[string]int      // app id -> its own port (src/services/registry.cpp)
	consumers   []string            // apps that subscribe to a topic (bus.subscribe), each with <app>.deadletter
	topics      []string            // src/core/events.h topics + the dead-letter topics
	crons       map[string]string   // cron binding name -> app id (Scheduler::every in src/services/<app>/)
	invocations map[string][]string // caller app id -> callee app ids
	daprVersion string              // scripts/lib/dapr.sh DAPR_VERSION
	kafkaVer    string              // scripts/lib/kafka.sh KAFKA_VERSION
	appSecrets  []string            // DESIGN §8.4: the secrets every service reads from the secret store
}

const partitions = 12 // DESIGN §8.5

func loadFacts(root string) (*facts, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	f := &facts{root: root, ports: map[string]int{}, crons: map[string]string{}, invocations: map[string][]string{},
		appSecrets: []string{"jwt-secret", "database-url"}}
	entries, err := os.ReadDir(filepath.Join(root, "src/services"))
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() {
			f.apps = append(f.apps, e.Name())
		}
	}
	if len(f.apps) == 0 {
		return nil, fmt.Errorf("no service folders under src/services")
	}

	// The ports: src/services/registry.cpp lists each service as
	// {<namespace>::kAppId, <port>, ...}; each service's header names its
	// namespace and its kAppId.
	nsOf := regexp.MustCompile(`namespace todo::services::(\w+) \{`)
	appIDOf := regexp.MustCompile(`constexpr std::string_view kAppId = "([a-z-]+)"`)
	appByNamespace := map[string]string{}
	for _, app := range f.apps {
		headers, _ := filepath.Glob(filepath.Join(root, "src/services", app, "*.h"))
		for _, h := range headers {
			b, err := os.ReadFile(h)
			if err != nil {
				return nil, err
			}
			ns, id := nsOf.FindSubmatch(b), appIDOf.FindSubmatch(b)
			if ns != nil && id != nil {
				if string(id[1]) != app {
					return nil, fmt.Errorf("src/services/%s: kAppId is %q, not the folder's name", app, id[1])
				}
				appByNamespace[string(ns[1])] = app
			}
		}
	}
	registry, err := os.ReadFile(filepath.Join(root, "src/services/registry.cpp"))
	if err != nil {
		return nil, fmt.Errorf("the service registry (the ports): %w", err)
	}
	for _, m := range regexp.MustCompile(`\{(\w+)::kAppId, (\d+),`).FindAllStringSubmatch(string(registry), -1) {
		app, ok := appByNamespace[m[1]]
		if !ok {
			return nil, fmt.Errorf("src/services/registry.cpp lists %s::kAppId, which no service folder declares", m[1])
		}
		p, _ := strconv.Atoi(m[2])
		f.ports[app] = p
	}
	for _, a := range f.apps {
		if _, ok := f.ports[a]; !ok {
			return nil, fmt.Errorf("src/services/registry.cpp lists no port for the service folder %s", a)
		}
	}

	// The topics: the topics namespace of src/core/events.h.
	events, err := os.ReadFile(filepath.Join(root, "src/core/events.h"))
	if err != nil {
		return nil, fmt.Errorf("the event topics: %w", err)
	}
	if m := regexp.MustCompile(`(?s)namespace topics \{(.*?)\}`).FindSubmatch(events); m != nil {
		for _, t := range regexp.MustCompile(`constexpr std::string_view k\w+ = "([a-z-]+)"`).FindAllSubmatch(m[1], -1) {
			f.topics = append(f.topics, string(t[1]))
		}
	}
	if len(f.topics) == 0 {
		return nil, fmt.Errorf("src/core/events.h names no topics (namespace topics)")
	}

	// Cron bindings and invocations, from each service's sources.
	constDef := regexp.MustCompile(`constexpr std::string_view (k\w+) = "([^"]+)"`)
	every := regexp.MustCompile(`\.every\(\s*(?:std::string\(\s*)?(k\w+|"[^"]+")`)
	subscribes := regexp.MustCompile(`\bbus\.subscribe\(`)
	invoke := regexp.MustCompile(`invoke(?:_after_commit)?\([^;]*?"([a-z][a-z-]*)"`)
	for _, app := range f.apps {
		files, _ := filepath.Glob(filepath.Join(root, "src/services", app, "*"))
		consts := map[string]string{}
		var texts []string
		for _, file := range files {
			if !strings.HasSuffix(file, ".h") && !strings.HasSuffix(file, ".cpp") {
				continue
			}
			b, err := os.ReadFile(file)
			if err != nil {
				return nil, err
			}
			texts = append(texts, string(b))
			for _, m := range constDef.FindAllStringSubmatch(string(b), -1) {
				consts[m[1]] = m[2]
			}
		}
		for _, t := range texts {
			if subscribes.MatchString(t) && !contains(f.consumers, app) {
				f.consumers = append(f.consumers, app)
			}
			for _, m := range every.FindAllStringSubmatch(t, -1) {
				name := strings.Trim(m[1], `"`)
				if v, ok := consts[m[1]]; ok {
					name = v
				}
				f.crons[name] = app
			}
			for _, m := range invoke.FindAllStringSubmatch(t, -1) {
				if m[1] != app && contains(f.apps, m[1]) && !contains(f.invocations[app], m[1]) {
					f.invocations[app] = append(f.invocations[app], m[1])
				}
			}
		}
	}
	if len(f.consumers) == 0 {
		return nil, fmt.Errorf("found no bus.subscribe(...) in src/services (the consumers)")
	}
	for _, c := range f.consumers {
		f.topics = append(f.topics, c+".deadletter")
	}
	if len(f.crons) == 0 {
		return nil, fmt.Errorf("found no Scheduler::every(...) in src/services (the cron bindings)")
	}

	f.daprVersion, err = shellVar(filepath.Join(root, "scripts/lib/dapr.sh"), "DAPR_VERSION")
	if err != nil {
		return nil, err
	}
	f.kafkaVer, err = shellVar(filepath.Join(root, "scripts/lib/kafka.sh"), "KAFKA_VERSION")
	if err != nil {
		return nil, err
	}
	return f, nil
}

func shellVar(file, name string) (string, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	m := regexp.MustCompile(`(?m)^` + name + `=([0-9.]+)`).FindStringSubmatch(string(b))
	if m == nil {
		return "", fmt.Errorf("%s: no %s=", file, name)
	}
	return m[1], nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x := append([]string(nil), a...)
	y := append([]string(nil), b...)
	sort.Strings(x)
	sort.Strings(y)
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

// Environment variable names whose value is a secret: they must never be
// written as a literal in a deployment file.
var secretName = regexp.MustCompile(`(?i)(SECRET|PASSWORD|PASSWD|TOKEN|DATABASE_URL|CONNECTION_?STRING|PRIVATE|CREDENTIAL|API_?KEY)`)

// A URI with a password in it (postgresql://user:password@host).
var uriWithPassword = regexp.MustCompile(`[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@`)

// literalSecretProblem says what is wrong with a literal env value, or "".
func literalSecretProblem(name, value string) string {
	if value == "" {
		return ""
	}
	if secretName.MatchString(name) {
		return fmt.Sprintf("%s is set to a literal value (secrets come from a Secret or the secret store)", name)
	}
	if uriWithPassword.MatchString(value) {
		return fmt.Sprintf("%s holds a URI with a password", name)
	}
	return ""
}
