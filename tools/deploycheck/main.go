// deploycheck checks the deployment files of Todo Platform (deploy/) against
// the code and each other, offline: the Kubernetes manifests as
// rendered by kustomize (strict decoding into the Kubernetes and Dapr Go
// types, then semantic checks), the compose file (the compose-spec schema
// through compose-go, then semantic checks), and the Dockerfile (against
// the executables the build produces and the shared libraries they need).
// tests/deploy/run.sh renders the overlays and runs it.
//
//	deploycheck -root REPO -bin build/release/bin \
//	    -render base=FILE -render minikube=FILE -render cloud=FILE
//
// It prints one line per check ("ok" or "FAIL" with every problem found)
// and a closing "N passed, M failed" line, and exits 1 when a check failed.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

type renderFlag map[string]string

func (r renderFlag) String() string { return fmt.Sprint(map[string]string(r)) }
func (r renderFlag) Set(v string) error {
	name, file, ok := strings.Cut(v, "=")
	if !ok {
		return fmt.Errorf("want NAME=FILE, got %q", v)
	}
	r[name] = file
	return nil
}

// The rendered overlays and what each must satisfy.
type overlay struct {
	name        string
	replication int  // topic replication factor of the topic Job
	minReplicas int  // lowest replica count of every service (exact when exact is set)
	exact       bool // minReplicas is exact (minikube: one of each)
	tls         bool // the Ingress serves TLS
}

var overlays = []overlay{
	{name: "base", replication: 3, minReplicas: 2},
	{name: "minikube", replication: 1, minReplicas: 1, exact: true},
	{name: "cloud", replication: 3, minReplicas: 2, tls: true},
}

func main() {
	root := flag.String("root", ".", "repository root")
	bin := flag.String("bin", "", "directory of the built executables (build/<preset>/bin)")
	only := flag.String("only", "", "comma-separated check groups to run: k8s,compose,docker (default all)")
	renders := renderFlag{}
	flag.Var(renders, "render", "NAME=FILE: a kustomize render (base, minikube, cloud)")
	sidecar := flag.String("print-sidecar", "", "RENDER/APP: print the daprd container the Dapr 1.18.2 injector would add, and exit")
	flag.Parse()

	if *sidecar != "" {
		name, app, _ := strings.Cut(*sidecar, "/")
		if err := printSidecar(renders[name], app); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}

	r := &reporter{}
	facts, err := loadFacts(*root)
	if err != nil {
		fmt.Printf("FAIL repository facts: %v\n", err)
		fmt.Println("0 passed, 1 failed")
		os.Exit(1)
	}
	fmt.Printf("facts: app ids %s; ports %v; consumers %s; topics %s; cron bindings %v; invocations %v\n",
		strings.Join(facts.apps, " "), facts.ports, strings.Join(facts.consumers, " "),
		strings.Join(facts.topics, " "), facts.crons, facts.invocations)

	want := func(group string) bool {
		return *only == "" || strings.Contains(","+*only+",", ","+group+",")
	}
	if want("k8s") {
		for _, o := range overlays {
			file, ok := renders[o.name]
			if !ok {
				r.fail("render "+o.name, []string{"no -render " + o.name + "=FILE given"})
				continue
			}
			checkRender(r, facts, o, file)
		}
		checkDaprFiles(r, facts)
	}
	if want("compose") {
		checkCompose(r, facts)
	}
	if want("docker") {
		checkDocker(r, facts, *bin)
	}
	fmt.Printf("%d passed, %d failed\n", r.passed, r.failed)
	if r.failed > 0 {
		os.Exit(1)
	}
}

type reporter struct{ passed, failed int }

func (r *reporter) fail(name string, problems []string) {
	r.failed++
	fmt.Printf("FAIL %s\n", name)
	for _, p := range problems {
		fmt.Printf("     - %s\n", p)
	}
}

// check runs one named check: it passes when fn reports no problem.
func (r *reporter) check(name string, fn func() []string) {
	problems := fn()
	if len(problems) == 0 {
		r.passed++
		fmt.Printf("ok   %s\n", name)
		return
	}
	r.fail(name, problems)
}
