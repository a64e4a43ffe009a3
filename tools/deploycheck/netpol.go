package main

import (
	"fmt"
	"sort"
	"strings"

	componentsapi "github.com/dapr/dapr/pkg/apis/components/v1alpha1"
	resiliencyapi "github.com/dapr/dapr/pkg/apis/resiliency/v1alpha1"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// endpoint is one side of a connection as NetworkPolicy sees it: a pod
// (namespace and labels) or an address outside the cluster's pods.
type endpoint struct {
	what      string
	namespace string
	podLabels map[string]string // nil: not a pod (PostgreSQL, Kafka, the API server, anywhere)
}

func (e endpoint) nsLabels() map[string]string {
	return map[string]string{"kubernetes.io/metadata.name": e.namespace}
}

// A simplified NetworkPolicy evaluator (Kubernetes semantics: a pod selected
// by a policy of a direction is isolated in it; a connection is allowed when
// a rule of such a policy matches peer and port).
type netpols struct {
	namespace string
	policies  []*networkingv1.NetworkPolicy
}

func selectorMatches(sel *metav1.LabelSelector, set map[string]string) bool {
	if sel == nil {
		return true
	}
	s, err := metav1.LabelSelectorAsSelector(sel)
	return err == nil && s.Matches(labels.Set(set))
}

func hasType(np *networkingv1.NetworkPolicy, t networkingv1.PolicyType) bool {
	for _, x := range np.Spec.PolicyTypes {
		if x == t {
			return true
		}
	}
	// Without policyTypes: Ingress always, Egress when it has egress rules.
	return len(np.Spec.PolicyTypes) == 0 && (t == networkingv1.PolicyTypeIngress || len(np.Spec.Egress) > 0)
}

func (n netpols) selecting(pod endpoint, t networkingv1.PolicyType) []*networkingv1.NetworkPolicy {
	var out []*networkingv1.NetworkPolicy
	for _, np := range n.policies {
		if pod.namespace == n.namespace && selectorMatches(&np.Spec.PodSelector, pod.podLabels) && hasType(np, t) {
			out = append(out, np)
		}
	}
	return out
}

func (n netpols) peerMatches(peers []networkingv1.NetworkPolicyPeer, other endpoint) bool {
	if len(peers) == 0 {
		return true
	}
	for _, p := range peers {
		if p.IPBlock != nil {
			if other.podLabels == nil {
				return true
			}
			continue
		}
		if other.podLabels == nil {
			continue
		}
		nsOK := (p.NamespaceSelector == nil && other.namespace == n.namespace) ||
			(p.NamespaceSelector != nil && selectorMatches(p.NamespaceSelector, other.nsLabels()))
		if nsOK && selectorMatches(p.PodSelector, other.podLabels) {
			return true
		}
	}
	return false
}

func portMatches(ports []networkingv1.NetworkPolicyPort, proto corev1.Protocol, port int) bool {
	if len(ports) == 0 {
		return true
	}
	for _, p := range ports {
		pp := corev1.ProtocolTCP
		if p.Protocol != nil {
			pp = *p.Protocol
		}
		if pp != proto {
			continue
		}
		if p.Port == nil {
			return true
		}
		lo := p.Port.IntValue()
		hi := lo
		if p.EndPort != nil {
			hi = int(*p.EndPort)
		}
		if port >= lo && port <= hi {
			return true
		}
	}
	return false
}

func (n netpols) isolated(pod endpoint, t networkingv1.PolicyType) bool {
	return len(n.selecting(pod, t)) > 0
}

// egress: may pod open a connection to other:port?
func (n netpols) egress(pod, other endpoint, proto corev1.Protocol, port int) bool {
	pols := n.selecting(pod, networkingv1.PolicyTypeEgress)
	if len(pols) == 0 {
		return true
	}
	for _, np := range pols {
		for _, rule := range np.Spec.Egress {
			if n.peerMatches(rule.To, other) && portMatches(rule.Ports, proto, port) {
				return true
			}
		}
	}
	return false
}

// ingress: may other open a connection to pod:port?
func (n netpols) ingress(pod, other endpoint, proto corev1.Protocol, port int) bool {
	pols := n.selecting(pod, networkingv1.PolicyTypeIngress)
	if len(pols) == 0 {
		return true
	}
	for _, np := range pols {
		for _, rule := range np.Spec.Ingress {
			if n.peerMatches(rule.From, other) && portMatches(rule.Ports, proto, port) {
				return true
			}
		}
	}
	return false
}

func checkNetworkPolicies(f *facts, o overlay, objs []object, deps map[string]*appsv1.Deployment,
	comps []*componentsapi.Component, brokers map[string]string, namespace string) []string {
	var p []string
	n := netpols{namespace: namespace, policies: all[networkingv1.NetworkPolicy](objs)}
	for _, np := range n.policies {
		for i, rule := range np.Spec.Ingress {
			if len(rule.From) == 0 {
				p = append(p, fmt.Sprintf("NetworkPolicy %s: ingress rule %d admits every source", np.Name, i))
			}
		}
	}
	pods := map[string]endpoint{}
	for _, app := range f.apps {
		if d := deps[app]; d != nil {
			pods[app] = endpoint{what: app, namespace: namespace, podLabels: d.Spec.Template.Labels}
		}
	}
	dns := endpoint{what: "kube-dns", namespace: "kube-system", podLabels: map[string]string{"k8s-app": "kube-dns"}}
	dapr := endpoint{what: "the Dapr control plane", namespace: daprNamespace, podLabels: map[string]string{"app": "dapr-sentry"}}
	ingressCtl := endpoint{what: "the ingress controller", namespace: ingressNamespace, podLabels: map[string]string{"app.kubernetes.io/name": "ingress-nginx"}}
	stranger := endpoint{what: "a pod of another namespace", namespace: "default", podLabels: map[string]string{"app": "other"}}
	outside := func(what string) endpoint { return endpoint{what: what} }

	// The invocation graph: the gateway forwards to the apps of the
	// Resiliency's targets.apps (DESIGN §8.4); other calls come from the code.
	edges := map[string][]string{}
	for caller, callees := range f.invocations {
		edges[caller] = append(edges[caller], callees...)
	}
	for _, r := range all[resiliencyapi.Resiliency](objs) {
		for app := range r.Spec.Targets.Apps {
			if !contains(edges["gateway"], app) {
				edges["gateway"] = append(edges["gateway"], app)
			}
		}
	}
	callers := map[string][]string{} // callee -> callers
	for caller, callees := range edges {
		for _, c := range callees {
			callers[c] = append(callers[c], caller)
		}
	}

	for _, app := range f.apps {
		pod, ok := pods[app]
		if !ok {
			continue
		}
		if !n.isolated(pod, networkingv1.PolicyTypeIngress) || !n.isolated(pod, networkingv1.PolicyTypeEgress) {
			p = append(p, app+": not isolated in both directions (no default deny)")
		}
		if !n.egress(pod, dns, corev1.ProtocolUDP, 53) {
			p = append(p, app+": no DNS (UDP 53 to kube-dns)")
		}
		for _, port := range controlPlanePorts {
			if !n.egress(pod, dapr, corev1.ProtocolTCP, port) {
				p = append(p, fmt.Sprintf("%s: its sidecar cannot reach the Dapr control plane on %d", app, port))
			}
		}
		if !n.egress(pod, outside("PostgreSQL"), corev1.ProtocolTCP, 5432) {
			p = append(p, app+": cannot reach PostgreSQL (5432)")
		}
		if !n.egress(pod, outside("the API server"), corev1.ProtocolTCP, 443) {
			p = append(p, app+": its sidecar cannot reach the API server (443) for the secret store")
		}
		usesKafka := false
		for _, c := range comps {
			if strings.HasPrefix(c.Spec.Type, "pubsub.kafka") && loads(c, app) {
				usesKafka = true
			}
		}
		if usesKafka {
			port := brokerPort(brokers[app])
			if port == 0 || !n.egress(pod, outside("Kafka"), corev1.ProtocolTCP, port) {
				p = append(p, fmt.Sprintf("%s: its sidecar cannot reach Kafka (%q)", app, brokers[app]))
			}
		}
		// Sidecar-to-sidecar invocation, and nothing else on 50002.
		for _, other := range f.apps {
			from, ok := pods[other]
			if !ok || other == app {
				continue
			}
			want := contains(callers[app], other)
			if got := n.ingress(pod, from, corev1.ProtocolTCP, internalGRPC); got != want {
				p = append(p, fmt.Sprintf("%s -> %s on %d: allowed=%v, the design needs %v", other, app, internalGRPC, got, want))
			}
			if want && !n.egress(from, pod, corev1.ProtocolTCP, internalGRPC) {
				p = append(p, fmt.Sprintf("%s cannot send invocations to %s (egress %d)", other, app, internalGRPC))
			}
			if n.ingress(pod, from, corev1.ProtocolTCP, f.ports[app]) {
				p = append(p, fmt.Sprintf("%s may reach %s's app port %d directly (only its sidecar should)", other, app, f.ports[app]))
			}
		}
		// The edge: the ingress controller reaches the gateway and
		// websocket-service on their ports, nothing else reaches any app port.
		edge := app == "gateway" || app == "websocket-service"
		if got := n.ingress(pod, ingressCtl, corev1.ProtocolTCP, f.ports[app]); got != edge {
			p = append(p, fmt.Sprintf("ingress controller -> %s:%d: allowed=%v, want %v", app, f.ports[app], got, edge))
		}
		if n.ingress(pod, stranger, corev1.ProtocolTCP, f.ports[app]) {
			p = append(p, fmt.Sprintf("%s may reach %s:%d", stranger.what, app, f.ports[app]))
		}
	}
	for _, j := range all[batchv1.Job](objs) {
		pod := endpoint{what: "job " + j.Name, namespace: namespace, podLabels: j.Spec.Template.Labels}
		if !n.isolated(pod, networkingv1.PolicyTypeIngress) || !n.isolated(pod, networkingv1.PolicyTypeEgress) {
			p = append(p, "Job "+j.Name+": not isolated")
		}
		if !n.egress(pod, dns, corev1.ProtocolUDP, 53) {
			p = append(p, "Job "+j.Name+": no DNS")
		}
		var b string
		for _, c := range j.Spec.Template.Spec.Containers {
			if v, ok := envValue(&c, "KAFKA_BROKERS"); ok {
				b = v
			}
		}
		if port := brokerPort(b); port == 0 || !n.egress(pod, outside("Kafka"), corev1.ProtocolTCP, port) {
			p = append(p, fmt.Sprintf("Job %s cannot reach Kafka (%q)", j.Name, b))
		}
	}
	sort.Strings(p)
	return p
}
