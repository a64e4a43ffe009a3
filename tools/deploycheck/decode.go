package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"

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
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	k8syaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// newTyped returns the Go type of an apiVersion/kind this project deploys;
// anything else is an error (a typo'd kind or an API version that
// Kubernetes 1.32 or Dapr 1.18 does not serve).
func newTyped(apiVersion, kind string) (any, error) {
	switch apiVersion + " " + kind {
	case "v1 Namespace":
		return &corev1.Namespace{}, nil
	case "v1 Service":
		return &corev1.Service{}, nil
	case "v1 ServiceAccount":
		return &corev1.ServiceAccount{}, nil
	case "v1 ConfigMap":
		return &corev1.ConfigMap{}, nil
	case "v1 Secret":
		return &corev1.Secret{}, nil
	case "apps/v1 Deployment":
		return &appsv1.Deployment{}, nil
	case "batch/v1 Job":
		return &batchv1.Job{}, nil
	case "networking.k8s.io/v1 NetworkPolicy":
		return &networkingv1.NetworkPolicy{}, nil
	case "networking.k8s.io/v1 Ingress":
		return &networkingv1.Ingress{}, nil
	case "policy/v1 PodDisruptionBudget":
		return &policyv1.PodDisruptionBudget{}, nil
	case "autoscaling/v2 HorizontalPodAutoscaler":
		return &autoscalingv2.HorizontalPodAutoscaler{}, nil
	case "rbac.authorization.k8s.io/v1 Role":
		return &rbacv1.Role{}, nil
	case "rbac.authorization.k8s.io/v1 RoleBinding":
		return &rbacv1.RoleBinding{}, nil
	case "dapr.io/v1alpha1 Component":
		return &componentsapi.Component{}, nil
	case "dapr.io/v1alpha1 Resiliency":
		return &resiliencyapi.Resiliency{}, nil
	case "dapr.io/v1alpha1 Configuration":
		return &configurationapi.Configuration{}, nil
	}
	return nil, fmt.Errorf("apiVersion %q kind %q is not one this project deploys", apiVersion, kind)
}

// object is one decoded document.
type object struct {
	kind, name string
	obj        any
}

// decodeFile splits a multi-document YAML file and decodes every document
// strictly (unknown or duplicate fields are errors) into its Go type.
func decodeFile(path string) ([]object, []string) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, []string{err.Error()}
	}
	return decodeDocs(path, data)
}

func decodeDocs(path string, data []byte) ([]object, []string) {
	var out []object
	var problems []string
	reader := k8syaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	for i := 0; ; i++ {
		doc, err := reader.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: document %d: %v", path, i, err))
			break
		}
		if len(bytes.TrimSpace(doc)) == 0 {
			continue
		}
		var tm struct {
			APIVersion string            `json:"apiVersion"`
			Kind       string            `json:"kind"`
			Metadata   metav1.ObjectMeta `json:"metadata"`
		}
		if err := yaml.Unmarshal(doc, &tm); err != nil {
			problems = append(problems, fmt.Sprintf("%s: document %d: %v", path, i, err))
			continue
		}
		where := fmt.Sprintf("%s: %s %s", path, tm.Kind, tm.Metadata.Name)
		typed, err := newTyped(tm.APIVersion, tm.Kind)
		if err != nil {
			problems = append(problems, where+": "+err.Error())
			continue
		}
		if err := yaml.UnmarshalStrict(doc, typed); err != nil {
			problems = append(problems, where+": "+err.Error())
			continue
		}
		for _, msg := range validation.IsDNS1123Subdomain(tm.Metadata.Name) {
			problems = append(problems, where+": name: "+msg)
		}
		if tm.Kind == "Service" {
			for _, msg := range validation.IsDNS1035Label(tm.Metadata.Name) {
				problems = append(problems, where+": a Service name: "+msg)
			}
		}
		for k, v := range tm.Metadata.Labels {
			for _, msg := range validation.IsQualifiedName(k) {
				problems = append(problems, where+": label "+k+": "+msg)
			}
			for _, msg := range validation.IsValidLabelValue(v) {
				problems = append(problems, where+": label "+k+"="+v+": "+msg)
			}
		}
		out = append(out, object{kind: tm.Kind, name: tm.Metadata.Name, obj: typed})
	}
	return out, problems
}

// all returns the objects of one Go type.
func all[T any](objs []object) []*T {
	var out []*T
	for _, o := range objs {
		if t, ok := o.obj.(*T); ok {
			out = append(out, t)
		}
	}
	return out
}
