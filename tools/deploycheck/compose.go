package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	componentsapi "github.com/dapr/dapr/pkg/apis/components/v1alpha1"
	configurationapi "github.com/dapr/dapr/pkg/apis/configuration/v1alpha1"
	resiliencyapi "github.com/dapr/dapr/pkg/apis/resiliency/v1alpha1"
)

// The variables compose.yaml requires (make-secrets writes them to .env);
// stand-ins for loading it here.
var composeTestEnv = map[string]string{"DAPR_API_TOKEN": "test-token-a", "APP_API_TOKEN": "test-token-b"}

func checkCompose(r *reporter, f *facts) {
	dir := filepath.Join(f.root, "deploy/compose")
	file := filepath.Join(dir, "compose.yaml")
	var project *types.Project
	r.check("compose: compose.yaml loads and validates against the compose-spec schema (compose-go)", func() []string {
		data, err := os.ReadFile(file)
		if err != nil {
			return []string{err.Error()}
		}
		details := types.ConfigDetails{
			WorkingDir:  dir,
			ConfigFiles: []types.ConfigFile{{Filename: file, Content: data}},
			Environment: composeTestEnv,
		}
		project, err = loader.LoadWithContext(context.Background(), details, func(o *loader.Options) {
			o.SetProjectName("todo-platform", true)
			o.ResolvePaths = true
		})
		if err != nil {
			return []string{err.Error()}
		}
		// Without the variables, loading must fail (they come from .env).
		_, err = loader.LoadWithContext(context.Background(), types.ConfigDetails{
			WorkingDir: dir, ConfigFiles: []types.ConfigFile{{Filename: file, Content: data}}, Environment: map[string]string{},
		}, func(o *loader.Options) { o.SetProjectName("todo-platform", true) })
		if err == nil {
			return []string{"loads without DAPR_API_TOKEN/APP_API_TOKEN: the tokens must be required (${VAR:?…})"}
		}
		return nil
	})
	if project == nil {
		return
	}

	// The Dapr resources the sidecars mount.
	var comps []*componentsapi.Component
	var resiliencies []*resiliencyapi.Resiliency
	var configs []*configurationapi.Configuration
	r.check("compose: the Dapr files the sidecars mount decode and agree with the code", func() []string {
		var p []string
		var objs []object
		for _, pattern := range []string{"deploy/dapr/resources/*.yaml", "deploy/dapr/local/resources/*.yaml", "deploy/dapr/local/config.yaml"} {
			files, _ := filepath.Glob(filepath.Join(f.root, pattern))
			for _, file := range files {
				o, probs := decodeFile(file)
				objs = append(objs, o...)
				p = append(p, probs...)
			}
		}
		comps = all[componentsapi.Component](objs)
		resiliencies = all[resiliencyapi.Resiliency](objs)
		configs = all[configurationapi.Configuration](objs)
		return append(p, checkDaprResources(f, comps, resiliencies, configs)...)
	})

	svc := project.Services
	env := func(s types.ServiceConfig, name string) (string, bool) {
		v, ok := s.Environment[name]
		if !ok || v == nil {
			return "", ok
		}
		return *v, true
	}
	r.check("compose: each service runs the image with RUNTIME=dapr on its registry port, healthy on /readyz", func() []string {
		var p []string
		image := ""
		for _, app := range f.apps {
			s, ok := svc[app]
			if !ok {
				p = append(p, "no service "+app)
				continue
			}
			if image == "" {
				image = s.Image
			} else if s.Image != image {
				p = append(p, fmt.Sprintf("%s: image %s, the others %s", app, s.Image, image))
			}
			if s.Build == nil || !strings.HasSuffix(s.Build.Dockerfile, "deploy/docker/Dockerfile") {
				p = append(p, app+": not built from deploy/docker/Dockerfile")
			}
			if len(s.Command) != 1 || s.Command[0] != app {
				p = append(p, fmt.Sprintf("%s: command %v, want [%s]", app, []string(s.Command), app))
			}
			if v, _ := env(s, "RUNTIME"); v != "dapr" {
				p = append(p, app+": RUNTIME is not dapr")
			}
			if v, _ := env(s, "PORT"); v != strconv.Itoa(f.ports[app]) {
				p = append(p, fmt.Sprintf("%s: PORT=%q, the registry says %d", app, v, f.ports[app]))
			}
			if v, _ := env(s, "DAPR_HTTP_PORT"); v != "3500" {
				p = append(p, app+": DAPR_HTTP_PORT is not 3500 (its sidecar's --dapr-http-port)")
			}
			if s.HealthCheck == nil || len(s.HealthCheck.Test) == 0 || !strings.Contains(strings.Join(s.HealthCheck.Test, " "), "/readyz") ||
				!strings.Contains(strings.Join(s.HealthCheck.Test, " "), "/"+strconv.Itoa(f.ports[app])) {
				p = append(p, app+": no health check of /readyz on its port")
			}
			if s.User == "" || strings.HasPrefix(s.User, "0") || strings.HasPrefix(s.User, "root") {
				p = append(p, app+": runs as root")
			}
			if !s.ReadOnly {
				p = append(p, app+": root filesystem not read-only")
			}
			for name, v := range s.Environment {
				if v != nil && secretName.MatchString(name) && *v != composeTestEnv[name] {
					p = append(p, app+": "+name+" is a literal value (use ${"+name+"} from .env)")
				} else if v != nil {
					if msg := literalSecretProblem(name, *v); msg != "" && composeTestEnv[name] == "" {
						p = append(p, app+": "+msg)
					}
				}
			}
		}
		return p
	})

	r.check("compose: each service has its daprd (network_mode service:<app>) loading deploy/dapr", func() []string {
		var p []string
		sched, ok := svc["scheduler"]
		if !ok || sched.Image != "daprio/scheduler:"+f.daprVersion {
			p = append(p, "no scheduler service on daprio/scheduler:"+f.daprVersion)
		}
		schedPort, _ := argValue(sched.Command, "--port")
		for _, app := range f.apps {
			var sidecars []types.ServiceConfig
			for _, s := range svc {
				if s.NetworkMode == "service:"+app {
					sidecars = append(sidecars, s)
				}
			}
			if len(sidecars) != 1 {
				p = append(p, fmt.Sprintf("%s: %d services with network_mode service:%s, want its one daprd", app, len(sidecars), app))
				continue
			}
			d := sidecars[0]
			args := []string(d.Command)
			if len(d.Entrypoint) > 0 {
				args = append(append([]string{}, d.Entrypoint...), args...)
			}
			if d.Image != "daprio/daprd:"+f.daprVersion {
				p = append(p, fmt.Sprintf("%s: daprd image %s, want daprio/daprd:%s (scripts/lib/dapr.sh)", d.Name, d.Image, f.daprVersion))
			}
			for flag, want := range map[string]string{
				"--app-id": app, "--app-port": strconv.Itoa(f.ports[app]), "--app-protocol": "http",
				"--dapr-http-port": "3500", "--scheduler-host-address": "scheduler:" + schedPort, "--mode": "standalone",
			} {
				if v, _ := argValue(args, flag); v != want {
					p = append(p, fmt.Sprintf("%s: %s %q, want %q", d.Name, flag, v, want))
				}
			}
			if !contains(args, "--enable-app-health-check") {
				p = append(p, d.Name+": no --enable-app-health-check")
			}
			// The mounted paths must be deploy/dapr/resources, deploy/dapr/local/resources
			// and deploy/dapr/local/config.yaml.
			mounts := map[string]string{} // target -> source
			for _, v := range d.Volumes {
				mounts[strings.TrimSuffix(v.Target, "/")] = v.Source
			}
			hostPath := func(inContainer string) string {
				for target, source := range mounts {
					if inContainer == target || strings.HasPrefix(inContainer, target+"/") {
						return filepath.Join(source, strings.TrimPrefix(inContainer, target))
					}
				}
				return ""
			}
			var res []string
			for _, rp := range argValues(args, "--resources-path") {
				res = append(res, relTo(f.root, hostPath(rp)))
			}
			if !sameSet(res, []string{"deploy/dapr/resources", "deploy/dapr/local/resources"}) {
				p = append(p, fmt.Sprintf("%s: --resources-path are %v on the host, want deploy/dapr/resources and deploy/dapr/local/resources", d.Name, res))
			}
			cfg, _ := argValue(args, "--config")
			if relTo(f.root, hostPath(cfg)) != "deploy/dapr/local/config.yaml" {
				p = append(p, d.Name+": --config is not deploy/dapr/local/config.yaml")
			}
			// Their environment: what the components need (envRef, {podName}).
			for _, need := range sidecarNeeds(comps, app) {
				if v, ok := env(d, need); !ok || v == "" {
					p = append(p, fmt.Sprintf("%s: the components need %s in its environment", d.Name, need))
				}
			}
			if b, _ := env(d, "KAFKA_BROKERS"); b != "" {
				host := strings.Split(strings.Split(b, ",")[0], ":")[0]
				if _, ok := svc[host]; !ok {
					p = append(p, d.Name+": KAFKA_BROKERS "+b+" names no service")
				}
			}
			if sf, _ := env(d, "SECRETS_FILE"); sf != "" {
				ok := false
				for _, s := range d.Secrets {
					target := s.Target
					if target == "" {
						target = s.Source
					}
					if !strings.HasPrefix(target, "/") {
						target = "/run/secrets/" + target
					}
					if target == sf {
						ok = true
					}
				}
				if !ok {
					p = append(p, d.Name+": SECRETS_FILE "+sf+" is no secret it mounts")
				}
			}
			// The sidecar shares the app's network namespace: the app's
			// DAPR_API_TOKEN and the sidecar's must be the same variable.
			a, _ := env(svc[app], "DAPR_API_TOKEN")
			b, _ := env(d, "DAPR_API_TOKEN")
			if a != b {
				p = append(p, d.Name+": DAPR_API_TOKEN differs from its app's")
			}
			a, _ = env(svc[app], "APP_API_TOKEN")
			b, _ = env(d, "APP_API_TOKEN")
			if a != b {
				p = append(p, d.Name+": APP_API_TOKEN differs from its app's")
			}
		}
		return p
	})

	r.check("compose: PostgreSQL 15, Kafka without auto-creation, the topics, the secrets", func() []string {
		var p []string
		if pg, ok := svc["postgres"]; !ok || !strings.HasPrefix(pg.Image, "postgres:15") {
			p = append(p, "no postgres service on postgres:15")
		}
		kafka, ok := svc["kafka"]
		if !ok || kafka.Image != "apache/kafka:"+f.kafkaVer {
			p = append(p, "no kafka service on apache/kafka:"+f.kafkaVer+" (scripts/lib/kafka.sh)")
		}
		if v, _ := env(kafka, "KAFKA_AUTO_CREATE_TOPICS_ENABLE"); v != "false" {
			p = append(p, "kafka: auto-creation of topics is not off")
		}
		if v, _ := env(kafka, "KAFKA_PROCESS_ROLES"); v != "broker,controller" {
			p = append(p, "kafka: not a one-node KRaft broker+controller")
		}
		var topics *types.ServiceConfig
		for _, s := range svc {
			if _, ok := env(s, "TOPICS"); ok {
				s := s
				topics = &s
			}
		}
		if topics == nil {
			p = append(p, "no topic creation service (TOPICS)")
		} else {
			t, _ := env(*topics, "TOPICS")
			if !sameSet(strings.Fields(t), f.topics) {
				p = append(p, fmt.Sprintf("%s: TOPICS %v, want %v", topics.Name, strings.Fields(t), f.topics))
			}
			if v, _ := env(*topics, "TOPIC_PARTITIONS"); v != strconv.Itoa(partitions) {
				p = append(p, topics.Name+": TOPIC_PARTITIONS is not 12")
			}
			if v, _ := env(*topics, "TOPIC_REPLICATION_FACTOR"); v != "1" {
				p = append(p, topics.Name+": TOPIC_REPLICATION_FACTOR is not 1")
			}
			runs := false
			for _, v := range topics.Volumes {
				if relTo(f.root, v.Source) == "deploy/k8s/base/create-topics.sh" &&
					strings.Contains(strings.Join(append(append([]string{}, topics.Entrypoint...), topics.Command...), " "), v.Target) {
					runs = true
				}
			}
			if !runs {
				p = append(p, topics.Name+": does not run deploy/k8s/base/create-topics.sh")
			}
			for _, app := range f.apps {
				dep, ok := svc[app].DependsOn[topics.Name]
				if !ok || dep.Condition != types.ServiceConditionCompletedSuccessfully {
					p = append(p, app+": does not wait for the topics (depends_on service_completed_successfully)")
				}
			}
		}
		gi, _ := os.ReadFile(filepath.Join(f.root, "deploy/compose/.gitignore"))
		for name, s := range project.Secrets {
			rel := relTo(filepath.Join(f.root, "deploy/compose"), s.File)
			if s.File == "" || !strings.HasPrefix(rel, "secrets/") || !strings.Contains(string(gi), "/secrets/") {
				p = append(p, "secret "+name+" ("+s.File+") is not a file under the git-ignored deploy/compose/secrets/")
			}
		}
		if !strings.Contains(string(gi), "/.env") {
			p = append(p, "deploy/compose/.gitignore does not ignore .env (the tokens)")
		}
		return p
	})

	r.check("compose: the nginx edge routes /ws to websocket-service and / to the gateway", func() []string {
		var p []string
		edge, ok := svc["edge"]
		if !ok {
			return []string{"no edge service"}
		}
		conf := ""
		for _, v := range edge.Volumes {
			if v.Target == "/etc/nginx/nginx.conf" {
				conf = v.Source
			}
		}
		data, err := os.ReadFile(conf)
		if err != nil {
			return []string{"edge: no nginx.conf mounted at /etc/nginx/nginx.conf: " + fmt.Sprint(err)}
		}
		text := string(data)
		vars := map[string]string{}
		for _, m := range regexp.MustCompile(`set \$(\w+) ([^;]+);`).FindAllStringSubmatch(text, -1) {
			vars[m[1]] = m[2]
		}
		target := func(location string) string {
			i := strings.Index(text, "location "+location+" {")
			if i < 0 {
				return ""
			}
			m := regexp.MustCompile(`proxy_pass http://([^;/]+)`).FindStringSubmatch(text[i:])
			if m == nil {
				return ""
			}
			if v, ok := vars[strings.TrimPrefix(m[1], "$")]; ok {
				return v
			}
			return m[1]
		}
		if got, want := target("= /ws"), "websocket-service:"+strconv.Itoa(f.ports["websocket-service"]); got != want {
			p = append(p, fmt.Sprintf("location = /ws proxies to %q, want %q", got, want))
		}
		if !strings.Contains(text, "proxy_set_header Upgrade $http_upgrade") {
			p = append(p, "/ws does not pass the WebSocket upgrade")
		}
		if got, want := target("/"), "gateway:"+strconv.Itoa(f.ports["gateway"]); got != want {
			p = append(p, fmt.Sprintf("location / proxies to %q, want %q", got, want))
		}
		for _, dep := range []string{"gateway", "websocket-service"} {
			if _, ok := edge.DependsOn[dep]; !ok {
				p = append(p, "edge does not depend on "+dep)
			}
		}
		return p
	})
}

// relTo makes a host path relative to root (for messages and comparisons).
func relTo(root, path string) string {
	if path == "" {
		return ""
	}
	abs, _ := filepath.Abs(root)
	if rel, err := filepath.Rel(abs, path); err == nil {
		return rel
	}
	return path
}
