package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	componentsapi "github.com/dapr/dapr/pkg/apis/components/v1alpha1"
	configurationapi "github.com/dapr/dapr/pkg/apis/configuration/v1alpha1"
	resiliencyapi "github.com/dapr/dapr/pkg/apis/resiliency/v1alpha1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// The Dapr annotations every service pod carries, with the value each must
// have (a "*" value: present and not empty).
func wantAnnotations(app string, port int) map[string]string {
	return map[string]string{
		"dapr.io/enabled":                 "true",
		"dapr.io/app-id":                  app,
		"dapr.io/app-port":                strconv.Itoa(port),
		"dapr.io/app-protocol":            "http",
		"dapr.io/enable-app-health-check": "true",
		"dapr.io/app-health-check-path":   "/healthz",
		"dapr.io/config":                  "todo-platform",
		"dapr.io/log-as-json":             "true",
		"dapr.io/sidecar-cpu-request":     "*",
		"dapr.io/sidecar-cpu-limit":       "*",
		"dapr.io/sidecar-memory-request":  "*",
		"dapr.io/sidecar-memory-limit":    "*",
		"dapr.io/env":                     "*",
	}
}

const (
	ingressNamespace = "ingress-nginx"
	daprNamespace    = "dapr-system"
	internalGRPC     = 50002
)

// Ports of the Dapr control plane a sidecar dials: sentry, operator, scheduler.
var controlPlanePorts = []int{50001, 6500, 50006}

func checkRender(r *reporter, f *facts, o overlay, file string) {
	prefix := "k8s " + o.name + ": "
	var objs []object
	r.check(prefix+"every rendered object decodes strictly into its Kubernetes/Dapr Go type", func() []string {
		var p []string
		objs, p = decodeFile(file)
		if len(objs) == 0 && len(p) == 0 {
			p = append(p, file+" holds no objects")
		}
		return p
	})
	if len(objs) == 0 {
		return
	}
	deps := map[string]*appsv1.Deployment{}
	for _, d := range all[appsv1.Deployment](objs) {
		deps[d.Name] = d
	}
	comps := all[componentsapi.Component](objs)
	namespace := ""
	if ns := all[corev1.Namespace](objs); len(ns) == 1 {
		namespace = ns[0].Name
	}

	r.check(prefix+"one namespace, and every object is in it", func() []string {
		var p []string
		if namespace == "" {
			return []string{"want exactly one Namespace object"}
		}
		for _, ob := range objs {
			if ob.kind == "Namespace" {
				continue
			}
			if m := objectMeta(ob.obj); m != nil && m.Namespace != namespace {
				p = append(p, fmt.Sprintf("%s %s is in namespace %q", ob.kind, ob.name, m.Namespace))
			}
		}
		return p
	})

	r.check(prefix+"a Deployment per app id, with the Dapr annotations (app-port = container port = the registry's port)", func() []string {
		var p []string
		known := daprAnnotations()
		for _, app := range f.apps {
			d := deps[app]
			if d == nil {
				p = append(p, "no Deployment "+app)
				continue
			}
			port := f.ports[app]
			an := d.Spec.Template.Annotations
			for k, v := range wantAnnotations(app, port) {
				got, ok := an[k]
				if !ok || got == "" || (v != "*" && got != v) {
					p = append(p, fmt.Sprintf("%s: annotation %s is %q, want %q", app, k, got, v))
				}
			}
			for k := range an {
				if strings.HasPrefix(k, "dapr.io/") && !known[k] {
					p = append(p, fmt.Sprintf("%s: annotation %s is not one the Dapr 1.18 injector reads", app, k))
				}
			}
			for _, k := range []string{"dapr.io/sidecar-cpu-request", "dapr.io/sidecar-cpu-limit", "dapr.io/sidecar-memory-request", "dapr.io/sidecar-memory-limit"} {
				if _, err := resource.ParseQuantity(an[k]); err != nil {
					p = append(p, fmt.Sprintf("%s: %s=%q: %v", app, k, an[k], err))
				}
			}
			c := appContainer(d)
			if c == nil {
				p = append(p, app+": no container named "+app)
				continue
			}
			if cp := containerPort(c, "http"); cp != port {
				p = append(p, fmt.Sprintf("%s: container port http is %d, the registry says %d", app, cp, port))
			}
			if v, ok := envValue(c, "PORT"); ok && v != strconv.Itoa(port) {
				p = append(p, fmt.Sprintf("%s: PORT=%s, the registry says %d", app, v, port))
			}
		}
		for name := range deps {
			if !contains(f.apps, name) {
				p = append(p, "Deployment "+name+" is no app id")
			}
		}
		return p
	})

	brokers := map[string]string{} // app -> KAFKA_BROKERS its sidecar gets
	r.check(prefix+"the real Dapr 1.18.2 injector accepts every pod and its sidecar gets what the components need", func() []string {
		var p []string
		for _, app := range f.apps {
			d := deps[app]
			if d == nil {
				continue
			}
			sidecar, err := inject(namespace, app+"-0", d.Spec.Template.ObjectMeta, d.Spec.Template.Spec)
			if err != nil {
				p = append(p, app+": injector: "+err.Error())
				continue
			}
			args := append(append([]string{}, sidecar.Command...), sidecar.Args...)
			if v, _ := argValue(args, "--app-port"); v != strconv.Itoa(f.ports[app]) {
				p = append(p, fmt.Sprintf("%s: daprd --app-port %q", app, v))
			}
			if v, _ := argValue(args, "--app-id"); v != app {
				p = append(p, fmt.Sprintf("%s: daprd --app-id %q", app, v))
			}
			if v, _ := argValue(args, "--config"); v != "todo-platform" {
				p = append(p, fmt.Sprintf("%s: daprd --config %q", app, v))
			}
			if !contains(args, "--enable-app-health-check") && !contains(args, "--enable-app-health-check=true") {
				p = append(p, app+": daprd without --enable-app-health-check")
			}
			env := map[string]string{}
			for _, e := range sidecar.Env {
				env[e.Name] = e.Value
				if e.ValueFrom != nil {
					env[e.Name] = "(from " + e.Name + ")"
				}
				if e.ValueFrom == nil {
					if msg := literalSecretProblem(e.Name, e.Value); msg != "" && e.Name != "DAPR_TRUST_ANCHORS" {
						p = append(p, app+": sidecar env "+msg)
					}
				}
			}
			keys := strings.Fields(env["DAPR_ENV_KEYS"])
			for _, need := range sidecarNeeds(comps, app) {
				if _, ok := env[need]; !ok {
					p = append(p, fmt.Sprintf("%s: its components need %s in the sidecar's environment (dapr.io/env)", app, need))
				} else if need != "POD_NAME" && !contains(keys, need) {
					p = append(p, fmt.Sprintf("%s: %s is not in DAPR_ENV_KEYS: daprd would refuse the envRef", app, need))
				} else if env[need] == "" {
					p = append(p, fmt.Sprintf("%s: %s is empty", app, need))
				}
			}
			if b, ok := env["KAFKA_BROKERS"]; ok {
				brokers[app] = b
			}
		}
		return p
	})

	r.check(prefix+"containers: image, command, RUNTIME=dapr, probes, resources, securityContext, no literal secrets", func() []string {
		var p []string
		image := ""
		for _, app := range f.apps {
			d := deps[app]
			if d == nil {
				continue
			}
			spec := d.Spec.Template.Spec
			c := appContainer(d)
			if c == nil {
				continue
			}
			if len(spec.Containers) != 1 {
				p = append(p, fmt.Sprintf("%s: %d containers (the app alone; Dapr injects its sidecar)", app, len(spec.Containers)))
			}
			if image == "" {
				image = c.Image
			} else if c.Image != image {
				p = append(p, fmt.Sprintf("%s: image %s, the others %s (one image for every service)", app, c.Image, image))
			}
			if strings.HasSuffix(c.Image, ":latest") || !strings.Contains(c.Image, ":") {
				p = append(p, app+": image "+c.Image+" has no pinned tag")
			}
			if len(c.Command) != 1 || c.Command[0] != app {
				p = append(p, fmt.Sprintf("%s: command %v, want [%s] (the image's executable of that name)", app, c.Command, app))
			}
			if v, _ := envValue(c, "RUNTIME"); v != "dapr" {
				p = append(p, app+": RUNTIME is not dapr")
			}
			checkProbe := func(kind string, pr *corev1.Probe, path string) {
				if pr == nil || pr.HTTPGet == nil {
					p = append(p, fmt.Sprintf("%s: no HTTP %s probe", app, kind))
					return
				}
				if pr.HTTPGet.Path != path {
					p = append(p, fmt.Sprintf("%s: %s probe on %s, want %s", app, kind, pr.HTTPGet.Path, path))
				}
				if resolvePort(c, pr.HTTPGet.Port.String()) != f.ports[app] {
					p = append(p, fmt.Sprintf("%s: %s probe port %s is not the app's port", app, kind, pr.HTTPGet.Port.String()))
				}
			}
			checkProbe("readiness", c.ReadinessProbe, "/readyz")
			checkProbe("liveness", c.LivenessProbe, "/healthz")
			for _, res := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
				if _, ok := c.Resources.Requests[res]; !ok {
					p = append(p, fmt.Sprintf("%s: no %s request", app, res))
				}
				if _, ok := c.Resources.Limits[res]; !ok {
					p = append(p, fmt.Sprintf("%s: no %s limit", app, res))
				}
			}
			psc := spec.SecurityContext
			sc := c.SecurityContext
			nonRoot := (sc != nil && sc.RunAsNonRoot != nil && *sc.RunAsNonRoot) || (psc != nil && psc.RunAsNonRoot != nil && *psc.RunAsNonRoot)
			if !nonRoot {
				p = append(p, app+": runAsNonRoot is not set")
			}
			if (psc != nil && psc.RunAsUser != nil && *psc.RunAsUser == 0) || (sc != nil && sc.RunAsUser != nil && *sc.RunAsUser == 0) {
				p = append(p, app+": runs as uid 0")
			}
			seccomp := (psc != nil && psc.SeccompProfile != nil && psc.SeccompProfile.Type == corev1.SeccompProfileTypeRuntimeDefault) ||
				(sc != nil && sc.SeccompProfile != nil && sc.SeccompProfile.Type == corev1.SeccompProfileTypeRuntimeDefault)
			if !seccomp {
				p = append(p, app+": seccompProfile is not RuntimeDefault")
			}
			if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
				p = append(p, app+": readOnlyRootFilesystem is not true")
			}
			if sc == nil || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
				p = append(p, app+": allowPrivilegeEscalation is not false")
			}
			if sc == nil || sc.Capabilities == nil || !contains(capNames(sc.Capabilities.Drop), "ALL") || len(sc.Capabilities.Add) > 0 {
				p = append(p, app+": capabilities do not drop ALL (or add some)")
			}
			if sc != nil && sc.Privileged != nil && *sc.Privileged {
				p = append(p, app+": privileged")
			}
			for _, e := range c.Env {
				if e.ValueFrom == nil {
					if msg := literalSecretProblem(e.Name, e.Value); msg != "" {
						p = append(p, app+": "+msg)
					}
				}
			}
			if msg := literalSecretProblem("dapr.io/env", d.Spec.Template.Annotations["dapr.io/env"]); msg != "" {
				p = append(p, app+": "+msg)
			}
		}
		if len(all[corev1.Secret](objs)) > 0 {
			p = append(p, "the render contains Secret objects: secret values are never committed (docs/deploy-kubernetes.md creates them)")
		}
		return p
	})

	r.check(prefix+"Services select their Deployments on the app port", func() []string {
		var p []string
		svcs := map[string]*corev1.Service{}
		for _, s := range all[corev1.Service](objs) {
			svcs[s.Name] = s
			matched := false
			for _, d := range deps {
				if len(s.Spec.Selector) > 0 && labels.SelectorFromSet(s.Spec.Selector).Matches(labels.Set(d.Spec.Template.Labels)) {
					matched = true
				}
			}
			if !matched {
				p = append(p, "Service "+s.Name+" selects no Deployment's pods")
			}
		}
		for _, app := range f.apps {
			d, s := deps[app], svcs[app]
			if d == nil {
				continue
			}
			if s == nil {
				p = append(p, "no Service "+app)
				continue
			}
			if !labels.SelectorFromSet(s.Spec.Selector).Matches(labels.Set(d.Spec.Template.Labels)) {
				p = append(p, "Service "+app+" does not select Deployment "+app)
			}
			sel, err := metav1.LabelSelectorAsSelector(d.Spec.Selector)
			if err != nil || !sel.Matches(labels.Set(d.Spec.Template.Labels)) {
				p = append(p, "Deployment "+app+": its selector does not match its pod labels")
			}
			ok := false
			for _, sp := range s.Spec.Ports {
				if int(sp.Port) == f.ports[app] && resolvePort(appContainer(d), sp.TargetPort.String()) == f.ports[app] {
					ok = true
				}
			}
			if !ok {
				p = append(p, fmt.Sprintf("Service %s: no port %d reaching the container's port", app, f.ports[app]))
			}
		}
		return p
	})

	r.check(prefix+"Ingress: /ws to websocket-service (long timeouts), / to gateway", func() []string {
		var p []string
		svcs := map[string]*corev1.Service{}
		for _, s := range all[corev1.Service](objs) {
			svcs[s.Name] = s
		}
		type route struct {
			ing      *networkingv1.Ingress
			pathType networkingv1.PathType
			service  string
			port     int
		}
		routes := map[string]route{}
		ings := all[networkingv1.Ingress](objs)
		for _, ing := range ings {
			if ing.Spec.IngressClassName == nil || *ing.Spec.IngressClassName == "" {
				p = append(p, "Ingress "+ing.Name+": no ingressClassName")
			}
			if o.tls && len(ing.Spec.TLS) == 0 {
				p = append(p, "Ingress "+ing.Name+": no TLS")
			}
			for _, rule := range ing.Spec.Rules {
				if rule.HTTP == nil {
					continue
				}
				for _, hp := range rule.HTTP.Paths {
					if hp.Backend.Service == nil {
						continue
					}
					port := int(hp.Backend.Service.Port.Number)
					if s := svcs[hp.Backend.Service.Name]; s != nil && hp.Backend.Service.Port.Name != "" {
						for _, sp := range s.Spec.Ports {
							if sp.Name == hp.Backend.Service.Port.Name {
								port = int(sp.Port)
							}
						}
					}
					pt := networkingv1.PathTypeImplementationSpecific
					if hp.PathType != nil {
						pt = *hp.PathType
					}
					routes[hp.Path] = route{ing, pt, hp.Backend.Service.Name, port}
				}
			}
		}
		ws, ok := routes["/ws"]
		if !ok || ws.service != "websocket-service" || ws.port != f.ports["websocket-service"] {
			p = append(p, fmt.Sprintf("/ws does not route to websocket-service:%d", f.ports["websocket-service"]))
		} else {
			for _, k := range []string{"nginx.ingress.kubernetes.io/proxy-read-timeout", "nginx.ingress.kubernetes.io/proxy-send-timeout"} {
				if v, _ := strconv.Atoi(ws.ing.Annotations[k]); v < 3600 {
					p = append(p, fmt.Sprintf("Ingress %s (/ws): %s=%q, want >= 3600 (WebSockets live long)", ws.ing.Name, k, ws.ing.Annotations[k]))
				}
			}
		}
		root, ok := routes["/"]
		if !ok || root.service != "gateway" || root.port != f.ports["gateway"] || root.pathType != networkingv1.PathTypePrefix {
			p = append(p, fmt.Sprintf("/ (Prefix) does not route to gateway:%d", f.ports["gateway"]))
		}
		for path, rt := range routes {
			if path != "/ws" && path != "/" {
				p = append(p, fmt.Sprintf("unexpected route %s -> %s (the gateway is the edge)", path, rt.service))
			}
		}
		return p
	})

	r.check(prefix+"NetworkPolicies isolate every pod and allow exactly the traffic the design needs", func() []string {
		return checkNetworkPolicies(f, o, objs, deps, comps, brokers, namespace)
	})

	r.check(prefix+fmt.Sprintf("replicas (min %d), autoscalers and disruption budgets", o.minReplicas), func() []string {
		var p []string
		hpas := map[string]*autoscalingv2.HorizontalPodAutoscaler{}
		for _, h := range all[autoscalingv2.HorizontalPodAutoscaler](objs) {
			ref := h.Spec.ScaleTargetRef
			d := deps[ref.Name]
			if ref.Kind != "Deployment" || d == nil {
				p = append(p, "HPA "+h.Name+" targets no Deployment of ours")
				continue
			}
			hpas[ref.Name] = h
			min := int32(1)
			if h.Spec.MinReplicas != nil {
				min = *h.Spec.MinReplicas
			}
			if min > h.Spec.MaxReplicas {
				p = append(p, "HPA "+h.Name+": minReplicas > maxReplicas")
			}
			if contains(f.consumers, ref.Name) && h.Spec.MaxReplicas > partitions {
				p = append(p, fmt.Sprintf("HPA %s: maxReplicas %d > %d partitions (idle consumers)", h.Name, h.Spec.MaxReplicas, partitions))
			}
			if d.Spec.Replicas != nil {
				p = append(p, "Deployment "+ref.Name+" sets replicas and has an autoscaler (each apply would reset the scale)")
			}
			if len(h.Spec.Metrics) == 0 {
				p = append(p, "HPA "+h.Name+": no metrics")
			}
			for _, m := range h.Spec.Metrics {
				if m.ContainerResource != nil && appContainer(d) != nil && m.ContainerResource.Container != appContainer(d).Name {
					p = append(p, "HPA "+h.Name+": measures container "+m.ContainerResource.Container+", which the pod does not have")
				}
			}
		}
		for _, app := range f.apps {
			d := deps[app]
			if d == nil {
				continue
			}
			n := int32(1)
			if h := hpas[app]; h != nil {
				if h.Spec.MinReplicas != nil {
					n = *h.Spec.MinReplicas
				}
			} else if d.Spec.Replicas != nil {
				n = *d.Spec.Replicas
			}
			if int(n) < o.minReplicas || (o.exact && int(n) != o.minReplicas) {
				p = append(p, fmt.Sprintf("%s: %d replica(s) at least, want %d", app, n, o.minReplicas))
			}
			pdbs := 0
			for _, b := range all[policyv1.PodDisruptionBudget](objs) {
				sel, err := metav1.LabelSelectorAsSelector(b.Spec.Selector)
				if err == nil && sel.Matches(labels.Set(d.Spec.Template.Labels)) {
					pdbs++
					if b.Spec.MinAvailable != nil && int(n) <= b.Spec.MinAvailable.IntValue() {
						p = append(p, fmt.Sprintf("PDB %s: minAvailable %s with %d replica(s) blocks every eviction", b.Name, b.Spec.MinAvailable.String(), n))
					}
				}
			}
			if pdbs != 1 {
				p = append(p, fmt.Sprintf("%s: %d PodDisruptionBudgets select it, want 1", app, pdbs))
			}
		}
		return p
	})

	r.check(prefix+fmt.Sprintf("the topic Job creates every topic and dead-letter topic (%d partitions, replication %d)", partitions, o.replication), func() []string {
		return checkTopicJob(f, o, objs, brokers)
	})

	r.check(prefix+"Dapr components, scopes, cron bindings, resiliency, configuration", func() []string {
		return checkDaprResources(f, comps, all[resiliencyapi.Resiliency](objs), all[configurationapi.Configuration](objs))
	})

	r.check(prefix+"RBAC: the pods' service account may read exactly the secrets the sidecars fetch", func() []string {
		var p []string
		need := append([]string{}, f.appSecrets...)
		for _, c := range comps {
			if c.Auth.SecretStore != "" && c.Auth.SecretStore != "kubernetes" {
				for _, m := range c.Spec.Metadata {
					if m.SecretKeyRef.Name != "" && !contains(need, m.SecretKeyRef.Name) {
						need = append(need, m.SecretKeyRef.Name)
					}
				}
			}
		}
		for _, app := range f.apps {
			d := deps[app]
			if d == nil {
				continue
			}
			sa := d.Spec.Template.Spec.ServiceAccountName
			if sa == "" || sa == "default" {
				p = append(p, app+": runs as the default service account")
				continue
			}
			granted := secretsGranted(objs, sa, namespace)
			for _, s := range need {
				if !contains(granted, s) {
					p = append(p, fmt.Sprintf("%s: service account %s may not get Secret %s", app, sa, s))
				}
			}
			for _, s := range granted {
				if s == "*" {
					p = append(p, fmt.Sprintf("%s: service account %s may read every Secret", app, sa))
				}
			}
		}
		return p
	})
}

func objectMeta(o any) *metav1.ObjectMeta {
	type hasMeta interface{ GetObjectMeta() metav1.Object }
	if m, ok := o.(hasMeta); ok {
		if om, ok := m.GetObjectMeta().(*metav1.ObjectMeta); ok {
			return om
		}
	}
	return nil
}

func appContainer(d *appsv1.Deployment) *corev1.Container {
	for i := range d.Spec.Template.Spec.Containers {
		if d.Spec.Template.Spec.Containers[i].Name == d.Name {
			return &d.Spec.Template.Spec.Containers[i]
		}
	}
	return nil
}

func containerPort(c *corev1.Container, name string) int {
	for _, p := range c.Ports {
		if p.Name == name {
			return int(p.ContainerPort)
		}
	}
	return 0
}

// resolvePort turns a port name or number of a container into its number.
func resolvePort(c *corev1.Container, port string) int {
	if c == nil {
		return 0
	}
	if n, err := strconv.Atoi(port); err == nil {
		return n
	}
	return containerPort(c, port)
}

func envValue(c *corev1.Container, name string) (string, bool) {
	for _, e := range c.Env {
		if e.Name == name {
			return e.Value, true
		}
	}
	return "", false
}

func capNames(caps []corev1.Capability) []string {
	var out []string
	for _, c := range caps {
		out = append(out, string(c))
	}
	return out
}

// secretsGranted lists the Secret names a service account may `get` in the
// namespace through Roles ("*" for all).
func secretsGranted(objs []object, sa, namespace string) []string {
	roles := map[string]*rbacv1.Role{}
	for _, r := range all[rbacv1.Role](objs) {
		roles[r.Name] = r
	}
	var out []string
	for _, b := range all[rbacv1.RoleBinding](objs) {
		bound := false
		for _, s := range b.Subjects {
			if s.Kind == "ServiceAccount" && s.Name == sa && (s.Namespace == "" || s.Namespace == namespace) {
				bound = true
			}
		}
		role := roles[b.RoleRef.Name]
		if !bound || b.RoleRef.Kind != "Role" || role == nil {
			continue
		}
		for _, rule := range role.Rules {
			if !contains(rule.APIGroups, "") || !(contains(rule.Resources, "secrets") || contains(rule.Resources, "*")) {
				continue
			}
			if !(contains(rule.Verbs, "get") || contains(rule.Verbs, "*")) {
				continue
			}
			if len(rule.ResourceNames) == 0 {
				out = append(out, "*")
			}
			out = append(out, rule.ResourceNames...)
		}
	}
	return out
}

// brokerPort is the port of a KAFKA_BROKERS value (the first broker).
func brokerPort(brokers string) int {
	first := strings.Split(brokers, ",")[0]
	i := strings.LastIndex(first, ":")
	if i < 0 {
		return 0
	}
	n, _ := strconv.Atoi(first[i+1:])
	return n
}

func checkTopicJob(f *facts, o overlay, objs []object, brokers map[string]string) []string {
	var p []string
	var job *batchv1.Job
	for _, j := range all[batchv1.Job](objs) {
		for _, c := range j.Spec.Template.Spec.Containers {
			if _, ok := envValue(&c, "TOPICS"); ok {
				job = j
			}
		}
	}
	if job == nil {
		return []string{"no Job with a TOPICS environment variable"}
	}
	c := job.Spec.Template.Spec.Containers[0]
	env := func(name string) string { v, _ := envValue(&c, name); return v }
	topics := strings.Fields(env("TOPICS"))
	if !sameSet(topics, f.topics) {
		p = append(p, fmt.Sprintf("TOPICS are %v, the code wants %v", topics, f.topics))
	}
	if env("TOPIC_PARTITIONS") != strconv.Itoa(partitions) {
		p = append(p, fmt.Sprintf("TOPIC_PARTITIONS=%q, want %d", env("TOPIC_PARTITIONS"), partitions))
	}
	if env("TOPIC_REPLICATION_FACTOR") != strconv.Itoa(o.replication) {
		p = append(p, fmt.Sprintf("TOPIC_REPLICATION_FACTOR=%q, want %d", env("TOPIC_REPLICATION_FACTOR"), o.replication))
	}
	if o.replication > 1 && !strings.Contains(env("TOPIC_CONFIGS"), "min.insync.replicas=") {
		p = append(p, "replication > 1 without min.insync.replicas in TOPIC_CONFIGS")
	}
	for app, b := range brokers {
		if b != env("KAFKA_BROKERS") {
			p = append(p, fmt.Sprintf("the Job's KAFKA_BROKERS %q differs from %s's sidecar %q", env("KAFKA_BROKERS"), app, b))
			break
		}
	}
	if !strings.HasSuffix(c.Image, ":"+f.kafkaVer) {
		p = append(p, fmt.Sprintf("image %s, want the Kafka %s of scripts/lib/kafka.sh", c.Image, f.kafkaVer))
	}
	// The script: the ConfigMap mounted where the command runs it, with the
	// content of deploy/k8s/base/create-topics.sh.
	script, err := os.ReadFile(filepath.Join(f.root, "deploy/k8s/base/create-topics.sh"))
	if err != nil {
		return append(p, err.Error())
	}
	for _, want := range []string{"--if-not-exists", `"$TOPIC_PARTITIONS"`, `"$TOPIC_REPLICATION_FACTOR"`, "for topic in $TOPICS", `--command-config "$KAFKA_CLIENT_CONFIG"`} {
		if !strings.Contains(string(script), want) {
			p = append(p, "create-topics.sh does not use "+want)
		}
	}
	cmd := strings.Join(append(append([]string{}, c.Command...), c.Args...), " ")
	mounted := false
	for _, vm := range c.VolumeMounts {
		for _, v := range job.Spec.Template.Spec.Volumes {
			if v.Name != vm.Name || v.ConfigMap == nil {
				continue
			}
			for _, cm := range all[corev1.ConfigMap](objs) {
				if cm.Name == v.ConfigMap.Name && cm.Data["create-topics.sh"] == string(script) &&
					strings.Contains(cmd, strings.TrimSuffix(vm.MountPath, "/")+"/create-topics.sh") {
					mounted = true
				}
			}
		}
	}
	if !mounted {
		p = append(p, "the command does not run deploy/k8s/base/create-topics.sh from its ConfigMap")
	}
	if cfg := env("KAFKA_CLIENT_CONFIG"); o.tls && cfg == "" {
		p = append(p, "KAFKA_CLIENT_CONFIG is empty: the Job cannot reach a TLS/SASL listener")
	} else if cfg != "" {
		ok := false
		for _, vm := range c.VolumeMounts {
			if strings.HasPrefix(cfg, strings.TrimSuffix(vm.MountPath, "/")+"/") {
				ok = true
			}
		}
		if !ok {
			p = append(p, "KAFKA_CLIENT_CONFIG "+cfg+" is in no mounted volume")
		}
	}
	psc := job.Spec.Template.Spec.SecurityContext
	if psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot || c.SecurityContext == nil ||
		c.SecurityContext.ReadOnlyRootFilesystem == nil || !*c.SecurityContext.ReadOnlyRootFilesystem {
		p = append(p, "the Job is not non-root with a read-only root filesystem")
	}
	if job.Spec.Template.Annotations["dapr.io/enabled"] == "true" {
		p = append(p, "the Job would get a Dapr sidecar (it would never complete)")
	}
	return p
}
