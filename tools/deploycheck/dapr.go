package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	componentsapi "github.com/dapr/dapr/pkg/apis/components/v1alpha1"
	configurationapi "github.com/dapr/dapr/pkg/apis/configuration/v1alpha1"
	resiliencyapi "github.com/dapr/dapr/pkg/apis/resiliency/v1alpha1"
	"github.com/dapr/dapr/pkg/injector/patcher"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// Components the code uses by name (src/runtime/dapr: "pubsub",
// "pubsub-broadcast", "statestore", "secretstore").
var codeComponents = []string{"pubsub", "pubsub-broadcast", "statestore", "secretstore"}

// loads reports whether an app's sidecar loads a component (scopes).
func loads(c *componentsapi.Component, app string) bool {
	return len(c.Scopes) == 0 || contains(c.Scopes, app)
}

// checkDaprResources checks a set of Dapr resources as one sidecar
// environment sees them (a render, or the compose mounts).
func checkDaprResources(f *facts, comps []*componentsapi.Component, resiliencies []*resiliencyapi.Resiliency,
	configs []*configurationapi.Configuration) []string {
	var p []string
	names := map[string]*componentsapi.Component{}
	for _, c := range comps {
		if names[c.Name] != nil {
			p = append(p, "component "+c.Name+" is defined twice")
		}
		names[c.Name] = c
		for _, s := range c.Scopes {
			if !contains(f.apps, s) {
				p = append(p, fmt.Sprintf("component %s is scoped to %q, which is no app id", c.Name, s))
			}
		}
		for _, m := range c.Spec.Metadata {
			if m.SecretKeyRef.Name == "" && m.EnvRef == "" && secretName.MatchString(m.Name) && m.Value.String() != "" {
				p = append(p, fmt.Sprintf("component %s: %s is a literal value (use secretKeyRef)", c.Name, m.Name))
			}
			if m.EnvRef != "" && !envRefAllowed(m.EnvRef) {
				p = append(p, fmt.Sprintf("component %s: envRef %s is refused by daprd (DAPR_* and APP_API_TOKEN are)", c.Name, m.EnvRef))
			}
		}
	}
	for _, n := range codeComponents {
		if names[n] == nil {
			p = append(p, "no component "+n+" (the code uses it)")
		}
	}
	for _, cron := range sortedKeys(f.crons) {
		app := f.crons[cron]
		c := names[cron]
		switch {
		case c == nil:
			p = append(p, fmt.Sprintf("no component %s: %s registers a cron job of that name (Scheduler::every)", cron, app))
		case c.Spec.Type != "bindings.cron":
			p = append(p, fmt.Sprintf("component %s is %s, not bindings.cron", cron, c.Spec.Type))
		case !loads(c, app):
			p = append(p, fmt.Sprintf("component %s is not loaded by %s, whose code handles it", cron, app))
		}
	}
	for _, c := range comps {
		if c.Spec.Type == "bindings.cron" {
			if _, ok := f.crons[c.Name]; !ok {
				p = append(p, fmt.Sprintf("cron binding %s: no service registers a handler of that name", c.Name))
			}
		}
	}
	// Every consuming app loads a Kafka component; the broadcast one is
	// websocket-service's alone (DESIGN §8.3).
	for _, app := range f.consumers {
		found := false
		for _, c := range comps {
			if strings.HasPrefix(c.Spec.Type, "pubsub.") && loads(c, app) {
				found = true
			}
		}
		if !found {
			p = append(p, app+" consumes topics but loads no pub/sub component")
		}
	}
	if b := names["pubsub-broadcast"]; b != nil && !sameSet(b.Scopes, []string{"websocket-service"}) {
		p = append(p, fmt.Sprintf("pubsub-broadcast is scoped to %v, not websocket-service alone", b.Scopes))
	}
	if b := names["pubsub"]; b != nil && (len(b.Scopes) == 0 || contains(b.Scopes, "websocket-service")) {
		p = append(p, "pubsub must be scoped, and not to websocket-service (it reads through pubsub-broadcast)")
	}
	if len(resiliencies) != 1 {
		p = append(p, fmt.Sprintf("want one Resiliency, found %d", len(resiliencies)))
	}
	for _, r := range resiliencies {
		pol := r.Spec.Policies
		checkNames := func(where string, pn resiliencyapi.PolicyNames) {
			if pn.Timeout != "" {
				if _, ok := pol.Timeouts[pn.Timeout]; !ok {
					p = append(p, fmt.Sprintf("resiliency %s: timeout policy %q does not exist", where, pn.Timeout))
				}
			}
			if pn.Retry != "" {
				if _, ok := pol.Retries[pn.Retry]; !ok {
					p = append(p, fmt.Sprintf("resiliency %s: retry policy %q does not exist", where, pn.Retry))
				}
			}
			if pn.CircuitBreaker != "" {
				if _, ok := pol.CircuitBreakers[pn.CircuitBreaker]; !ok {
					p = append(p, fmt.Sprintf("resiliency %s: circuit breaker %q does not exist", where, pn.CircuitBreaker))
				}
			}
		}
		for name, d := range pol.Timeouts {
			if _, err := time.ParseDuration(d); err != nil {
				p = append(p, fmt.Sprintf("resiliency timeout %s: %v", name, err))
			}
		}
		for app, t := range r.Spec.Targets.Apps {
			if !contains(f.apps, app) {
				p = append(p, "resiliency targets app "+app+", which is no app id")
			}
			checkNames("app "+app, resiliencyapi.PolicyNames{Timeout: t.Timeout, Retry: t.Retry, CircuitBreaker: t.CircuitBreaker})
		}
		for comp, t := range r.Spec.Targets.Components {
			if names[comp] == nil {
				p = append(p, "resiliency targets component "+comp+", which does not exist")
			}
			checkNames("component "+comp+" inbound", t.Inbound)
			checkNames("component "+comp+" outbound", t.Outbound)
		}
	}
	found := false
	for _, c := range configs {
		if c.Name == "todo-platform" {
			found = true
		}
	}
	if !found {
		p = append(p, "no Configuration todo-platform (dapr.io/config, --config)")
	}
	return p
}

// envRefAllowed mirrors daprd's deny list for envRef (dapr@v1.18.2
// pkg/runtime/processor/secret/secret.go isEnvVarAllowed).
func envRefAllowed(key string) bool {
	key = strings.ToUpper(key)
	return key != "" && key != "APP_API_TOKEN" && !strings.HasPrefix(key, "DAPR_") && !strings.Contains(key, " ")
}

// sidecarNeeds lists what an app's sidecar must have in its environment for
// the components it loads: envRef names, and POD_NAME for {podName}.
func sidecarNeeds(comps []*componentsapi.Component, app string) []string {
	var need []string
	for _, c := range comps {
		if !loads(c, app) {
			continue
		}
		for _, m := range c.Spec.Metadata {
			if m.EnvRef != "" && !contains(need, m.EnvRef) {
				need = append(need, m.EnvRef)
			}
			if strings.Contains(m.Value.String(), "{podName}") && !contains(need, "POD_NAME") {
				need = append(need, "POD_NAME")
			}
		}
	}
	return need
}

// daprAnnotations is every annotation the Dapr 1.18.2 injector reads (the
// annotation tags of patcher.SidecarConfig).
func daprAnnotations() map[string]bool {
	out := map[string]bool{}
	t := reflect.TypeOf(patcher.SidecarConfig{})
	for i := 0; i < t.NumField(); i++ {
		if a := t.Field(i).Tag.Get("annotation"); a != "" {
			out[a] = true
		}
	}
	return out
}

// inject runs the real Dapr 1.18.2 injector on a pod template and returns
// the daprd container it would add.
func inject(namespace, podName string, meta metav1.ObjectMeta, spec corev1.PodSpec) (*corev1.Container, error) {
	annotations := map[string]string{}
	for k, v := range meta.Annotations {
		annotations[k] = v
	}
	pod := &corev1.Pod{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: podName, Namespace: namespace, Labels: meta.Labels, Annotations: annotations},
		Spec:       *spec.DeepCopy(),
	}
	c := patcher.NewSidecarConfig(pod)
	c.SetFromPodAnnotations()
	c.Namespace = namespace
	c.SidecarImage = "daprio/daprd:1.18.2"
	c.ControlPlaneNamespace = "dapr-system"
	c.ControlPlaneTrustDomain = "cluster.local"
	c.KubeClusterDomain = "cluster.local"
	c.OperatorAddress = "dapr-api.dapr-system.svc.cluster.local:443"
	c.SentryAddress = "dapr-sentry.dapr-system.svc.cluster.local:443"
	c.SchedulerEnabled = true
	c.MTLSEnabled = true
	// The injector's own defaults (Helm values sidecarRunAsNonRoot and
	// sidecarReadOnlyRootFilesystem are true unless changed).
	c.RunAsNonRoot = true
	c.ReadOnlyRootFilesystem = true
	c.Identity = namespace + ":" + spec.ServiceAccountName
	ops, err := c.GetPatch()
	if err != nil {
		return nil, err
	}
	if len(ops) == 0 {
		return nil, fmt.Errorf("the injector would not inject a sidecar")
	}
	doc, err := json.Marshal(pod)
	if err != nil {
		return nil, err
	}
	patched, err := ops.Apply(doc)
	if err != nil {
		return nil, err
	}
	var out corev1.Pod
	if err := json.Unmarshal(patched, &out); err != nil {
		return nil, err
	}
	for i := range out.Spec.Containers {
		if out.Spec.Containers[i].Name == "daprd" {
			return &out.Spec.Containers[i], nil
		}
	}
	for i := range out.Spec.InitContainers {
		if out.Spec.InitContainers[i].Name == "daprd" {
			return &out.Spec.InitContainers[i], nil
		}
	}
	return nil, fmt.Errorf("no daprd container after injection")
}

// printSidecar prints, as YAML, the sidecar the injector would add to an
// app's pods in a render.
func printSidecar(file, app string) error {
	objs, problems := decodeFile(file)
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	for _, d := range all[appsv1.Deployment](objs) {
		if d.Name != app {
			continue
		}
		c, err := inject(d.Namespace, app+"-0", d.Spec.Template.ObjectMeta, d.Spec.Template.Spec)
		if err != nil {
			return err
		}
		out, err := yaml.Marshal(c)
		if err != nil {
			return err
		}
		fmt.Print(string(out))
		return nil
	}
	return fmt.Errorf("no Deployment %s in %s", app, file)
}

// argValue returns the value after a flag in an argument list.
func argValue(args []string, flag string) (string, bool) {
	for i, a := range args {
		if a == flag && i+1 < len(args) {
			return args[i+1], true
		}
		if strings.HasPrefix(a, flag+"=") {
			return strings.TrimPrefix(a, flag+"="), true
		}
	}
	return "", false
}

func argValues(args []string, flag string) []string {
	var out []string
	for i, a := range args {
		if a == flag && i+1 < len(args) {
			out = append(out, args[i+1])
		} else if strings.HasPrefix(a, flag+"=") {
			out = append(out, strings.TrimPrefix(a, flag+"="))
		}
	}
	return out
}

// checkDaprFiles decodes every file under deploy/dapr (the Kubernetes render
// covers resources/ and kubernetes/; this adds local/, which compose and the
// one-machine run load).
func checkDaprFiles(r *reporter, f *facts) {
	r.check("deploy/dapr: every file decodes strictly into the Dapr 1.18.2 types", func() []string {
		var p []string
		files, _ := filepath.Glob(filepath.Join(f.root, "deploy/dapr/*/*.yaml"))
		more, _ := filepath.Glob(filepath.Join(f.root, "deploy/dapr/*/*/*.yaml"))
		for _, file := range append(files, more...) {
			_, probs := decodeFile(file)
			p = append(p, probs...)
		}
		if len(files)+len(more) == 0 {
			p = append(p, "no files under deploy/dapr")
		}
		return p
	})
}
