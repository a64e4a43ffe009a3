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

// facts are what the deployment files must agree with, read from the design
// and the code rather than repeated here.
type facts struct {
	root        string
	apps        []string            // app ids: the folders of src/services
	ports       map[string]int      // DESIGN §1: app id -> port
	consumers   []string            // DESIGN §1: apps that consume a topic (each has <app>.deadletter)
	topics      []string            // DESIGN §2.1 streams + §8.5 dead-letter topics
	crons       map[string]string   // cron binding name -> app id (Scheduler::every in src/services/<app>/)
	invocations map[string][]string // caller app id -> callee app ids
	daprVersion string              // scripts/lib/dapr.sh DAPR_VERSION
	kafkaVer    string              // scripts/lib/kafka.sh KAFKA_VERSION
	appSecrets  []string            // DESIGN §8.4: the secrets every service reads from the secret store
}

const partitions = 12 // DESIGN §8.5

func loadFacts(root, designPath string) (*facts, error) {
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

	design, err := os.ReadFile(designPath)
	if err != nil {
		return nil, fmt.Errorf("DESIGN.md (the ports and topics): %w", err)
	}
	// §1: | `gateway` | 3000 | owns | consumes | publishes |
	row := regexp.MustCompile("(?m)^\\| `([a-z-]+)` \\| (\\d+) \\| [^|]* \\| ([^|]*) \\|")
	for _, m := range row.FindAllStringSubmatch(string(design), -1) {
		p, _ := strconv.Atoi(m[2])
		f.ports[m[1]] = p
		if c := strings.TrimSpace(m[3]); c != "—" && c != "-" && c != "" {
			f.consumers = append(f.consumers, m[1])
		}
	}
	for _, a := range f.apps {
		if _, ok := f.ports[a]; !ok {
			return nil, fmt.Errorf("DESIGN.md §1 has no port for app id %s", a)
		}
	}
	if len(f.ports) != len(f.apps) {
		return nil, fmt.Errorf("DESIGN.md §1 lists %d services, src/services has %d", len(f.ports), len(f.apps))
	}
	// §2.1: | `task-events` | key | producers | event types |
	sec := string(design)
	if i := strings.Index(sec, "### 2.1"); i >= 0 {
		sec = sec[i:]
		if j := strings.Index(sec[1:], "\n### "); j >= 0 {
			sec = sec[:j+1]
		}
		for _, m := range regexp.MustCompile("(?m)^\\| `([a-z-]+)` \\|").FindAllStringSubmatch(sec, -1) {
			f.topics = append(f.topics, m[1])
		}
	}
	if len(f.topics) == 0 {
		return nil, fmt.Errorf("DESIGN.md §2.1 lists no topics")
	}
	for _, c := range f.consumers {
		f.topics = append(f.topics, c+".deadletter")
	}

	// Cron bindings and invocations, from each service's sources.
	constDef := regexp.MustCompile(`constexpr std::string_view (k\w+) = "([^"]+)"`)
	every := regexp.MustCompile(`\.every\(\s*(?:std::string\(\s*)?(k\w+|"[^"]+")`)
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
