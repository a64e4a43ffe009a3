// Command daprd is the Dapr sidecar (self-hosted or Kubernetes mode) with only
// the components the todo platform uses compiled in.
//
// Dapr's own entry point (github.com/dapr/dapr/cmd/daprd/app) cannot be
// imported without pulling in cmd/daprd/components, which panics at init
// unless built with a tag that links in every component Dapr ships. So this
// file registers our components on Dapr's registries and starts the runtime
// itself, with Dapr's own flag parser (cmd/daprd/options): the command line,
// behaviour and wire format are those of the pinned Dapr release.
package main

import (
	"context"
	"fmt"
	"os"

	"go.opencensus.io/stats/view"

	// Component implementations (dapr/components-contrib).
	cronbinding "github.com/dapr/components-contrib/bindings/cron"
	nrkubernetes "github.com/dapr/components-contrib/nameresolution/kubernetes"
	nrmdns "github.com/dapr/components-contrib/nameresolution/mdns"
	nrsqlite "github.com/dapr/components-contrib/nameresolution/sqlite"
	kafkapubsub "github.com/dapr/components-contrib/pubsub/kafka"
	k8ssecrets "github.com/dapr/components-contrib/secretstores/kubernetes"
	envsecrets "github.com/dapr/components-contrib/secretstores/local/env"
	filesecrets "github.com/dapr/components-contrib/secretstores/local/file"
	pgstatev1 "github.com/dapr/components-contrib/state/postgresql/v1"
	pgstatev2 "github.com/dapr/components-contrib/state/postgresql/v2"

	// Dapr runtime.
	"github.com/dapr/dapr/cmd/daprd/options"
	"github.com/dapr/dapr/pkg/buildinfo"
	"github.com/dapr/dapr/pkg/components"
	bindingsreg "github.com/dapr/dapr/pkg/components/bindings"
	configurationreg "github.com/dapr/dapr/pkg/components/configuration"
	conversationreg "github.com/dapr/dapr/pkg/components/conversation"
	cryptoreg "github.com/dapr/dapr/pkg/components/crypto"
	lockreg "github.com/dapr/dapr/pkg/components/lock"
	middlewarereg "github.com/dapr/dapr/pkg/components/middleware/http"
	nrreg "github.com/dapr/dapr/pkg/components/nameresolution"
	pubsubreg "github.com/dapr/dapr/pkg/components/pubsub"
	secretsreg "github.com/dapr/dapr/pkg/components/secretstores"
	statereg "github.com/dapr/dapr/pkg/components/state"
	"github.com/dapr/dapr/pkg/healthz"
	"github.com/dapr/dapr/pkg/metrics"
	"github.com/dapr/dapr/pkg/modes"
	"github.com/dapr/dapr/pkg/runtime"
	"github.com/dapr/dapr/pkg/runtime/registry"
	"github.com/dapr/dapr/pkg/security"
	"github.com/dapr/kit/concurrency"
	"github.com/dapr/kit/logger"
	"github.com/dapr/kit/signals"
)

var (
	rtLog      = logger.NewLogger("dapr.runtime")
	contribLog = logger.NewLogger("dapr.contrib")
)

// registerComponents puts our components on the registries daprd reads.
// A component's YAML `type` is "<kind>.<name>", e.g. pubsub.kafka -> "kafka".
func registerComponents() {
	pubsubreg.DefaultRegistry.RegisterComponent(kafkapubsub.NewKafka, "kafka")

	// state.postgresql: v1 is what we use and what a component without a
	// `version` gets; v2 is there for whoever asks for it.
	statereg.DefaultRegistry.RegisterComponentWithVersions("postgresql", components.Versioning{
		Preferred: components.VersionConstructor{Version: "v2", Constructor: pgstatev2.NewPostgreSQLStateStore},
		Others:    []components.VersionConstructor{{Version: "v1", Constructor: pgstatev1.NewPostgreSQLStateStore}},
		Default:   "v1",
	})

	bindingsreg.DefaultRegistry.RegisterInputBinding(cronbinding.NewCron, "cron")

	secretsreg.DefaultRegistry.RegisterComponent(filesecrets.NewLocalSecretStore, "local.file")
	secretsreg.DefaultRegistry.RegisterComponent(envsecrets.NewEnvSecretStore, "local.env")
	secretsreg.DefaultRegistry.RegisterComponent(k8ssecrets.NewKubernetesSecretStore, "kubernetes")

	// daprd does not start without a name resolver: self-hosted mode uses
	// mdns unless a Configuration names another (sqlite: a shared file, for
	// one machine), Kubernetes mode uses kubernetes.
	nrreg.DefaultRegistry.RegisterComponent(nrmdns.NewResolver, "mdns")
	nrreg.DefaultRegistry.RegisterComponent(nrsqlite.NewResolver, "sqlite")
	nrreg.DefaultRegistry.RegisterComponent(nrkubernetes.NewResolver, "kubernetes")

	for _, l := range []*logger.Logger{
		&secretsreg.DefaultRegistry.Logger, &statereg.DefaultRegistry.Logger,
		&cryptoreg.DefaultRegistry.Logger, &configurationreg.DefaultRegistry.Logger,
		&lockreg.DefaultRegistry.Logger, &pubsubreg.DefaultRegistry.Logger,
		&nrreg.DefaultRegistry.Logger, &bindingsreg.DefaultRegistry.Logger,
		&conversationreg.DefaultRegistry.Logger,
	} {
		*l = contribLog
	}
	middlewarereg.DefaultRegistry.Logger = rtLog
}

func main() {
	opts, err := options.New(os.Args[1:])
	if err != nil {
		rtLog.Fatalf("Failed to parse flags: %v", err)
	}
	switch {
	case opts.RuntimeVersion:
		fmt.Println(buildinfo.Version())
		return
	case opts.BuildInfo:
		fmt.Printf("Version: %s\nGit Commit: %s\nGit Version: %s\n", buildinfo.Version(), buildinfo.Commit(), buildinfo.GitVersion())
		return
	case opts.WaitCommand:
		runtime.WaitUntilDaprOutboundReady(opts.DaprHTTPPort)
		return
	}

	opts.Logger.SetAppID(opts.AppID)
	if err := logger.ApplyOptionsToLoggers(&opts.Logger); err != nil {
		rtLog.Fatal(err)
	}
	rtLog.Infof("Starting Dapr Runtime (todo-platform build) -- version %s", buildinfo.Version())
	registerComponents()

	// SIGTERM/SIGINT end ctx; SIGHUP hands out a fresh context, on which
	// the runtime is started again (a restart in place).
	ctx := signals.Context()
	restarts := signals.OnHUP(ctx)
	defer rtLog.Info("Daprd shutdown gracefully")
	for {
		select {
		case <-ctx.Done():
			return
		case runCtx, ok := <-restarts:
			if !ok {
				return
			}
			if err := serve(runCtx, opts); err != nil {
				rtLog.Fatalf("Fatal error from runtime: %s", err)
			}
			if runCtx.Err() == nil { // stopped by itself (shutdown API)
				return
			}
		}
	}
}

// serve runs one daprd runtime until ctx ends or the runtime stops.
func serve(ctx context.Context, opts *options.Options) error {
	reg := registry.NewOptions().
		WithSecretStores(secretsreg.DefaultRegistry).
		WithStateStores(statereg.DefaultRegistry).
		WithConfigurations(configurationreg.DefaultRegistry).
		WithLocks(lockreg.DefaultRegistry).
		WithPubSubs(pubsubreg.DefaultRegistry).
		WithNameResolutions(nrreg.DefaultRegistry).
		WithBindings(bindingsreg.DefaultRegistry).
		WithCryptoProviders(cryptoreg.DefaultRegistry).
		WithHTTPMiddlewares(middlewarereg.DefaultRegistry).
		WithConversations(conversationreg.DefaultRegistry)

	health := healthz.New()
	sec, err := security.New(ctx, security.Options{
		SentryAddress:           opts.SentryAddress,
		ControlPlaneTrustDomain: opts.ControlPlaneTrustDomain,
		ControlPlaneNamespace:   opts.ControlPlaneNamespace,
		TrustAnchors:            opts.TrustAnchors,
		AppID:                   opts.AppID,
		MTLSEnabled:             opts.EnableMTLS,
		Mode:                    modes.DaprMode(opts.Mode),
		Healthz:                 health,
		JwtAudiences:            opts.SentryRequestJwtAudiences,
	})
	if err != nil {
		return err
	}

	startRuntime := func(ctx context.Context) error {
		handler, err := sec.Handler(ctx)
		if err != nil {
			return err
		}
		cfg := runtimeConfig(opts)
		cfg.Registry = reg
		cfg.Security = handler
		cfg.Healthz = health
		cfg.Metrics = metrics.Options{
			Enabled:       opts.Metrics.Enabled(),
			Log:           rtLog,
			Port:          opts.Metrics.Port(),
			Namespace:     metrics.DefaultMetricNamespace,
			Healthz:       health,
			ListenAddress: opts.Metrics.ListenAddress(),
			Meter:         view.NewMeter(),
		}
		rt, err := runtime.FromConfig(ctx, cfg)
		if err != nil {
			return err
		}
		return rt.Run(ctx)
	}
	return concurrency.NewRunnerManager(sec.Run, startRuntime).Run(ctx)
}

// runtimeConfig maps the parsed daprd flags onto the runtime configuration.
func runtimeConfig(o *options.Options) *runtime.Config {
	return &runtime.Config{
		AppID:                         o.AppID,
		Mode:                          o.Mode,
		Config:                        o.Config,
		ResourcesPath:                 o.ResourcesPath,
		ComponentsPath:                o.ComponentsPath,
		ControlPlaneAddress:           o.ControlPlaneAddress,
		SentryAddress:                 o.SentryAddress,
		EnableMTLS:                    o.EnableMTLS,
		ActorsService:                 o.ActorsService,
		ActorsDisseminationTimeout:    o.ActorsDisseminationTimeout,
		RemindersService:              o.RemindersService,
		SchedulerAddress:              o.SchedulerAddress,
		SchedulerStreams:              o.SchedulerJobStreams,
		HotReloadReconcileInterval:    o.HotReloadReconcileInterval,
		AllowedOrigins:                o.AllowedOrigins,
		DaprHTTPPort:                  o.DaprHTTPPort,
		DaprAPIGRPCPort:               o.DaprAPIGRPCPort,
		DaprAPIListenAddresses:        o.DaprAPIListenAddresses,
		DaprInternalGRPCPort:          o.DaprInternalGRPCPort,
		DaprInternalGRPCListenAddress: o.DaprInternalGRPCListenAddress,
		DaprPublicPort:                o.DaprPublicPort,
		DaprPublicListenAddress:       o.DaprPublicListenAddress,
		UnixDomainSocket:              o.UnixDomainSocket,
		ProfilePort:                   o.ProfilePort,
		EnableProfiling:               o.EnableProfiling,
		MaxRequestSize:                o.MaxRequestSize,
		ReadBufferSize:                o.ReadBufferSize,
		EnableAPILogging:              o.EnableAPILogging,
		DaprGracefulShutdownSeconds:   o.DaprGracefulShutdownSeconds,
		DaprBlockShutdownDuration:     o.DaprBlockShutdownDuration,
		DisableBuiltinK8sSecretStore:  o.DisableBuiltinK8sSecretStore,
		DisableInitEndpoints:          o.DisableInitEndpoints,
		ApplicationPort:               o.AppPort,
		AppProtocol:                   o.AppProtocol,
		AppSSL:                        o.AppSSL,
		AppChannelAddress:             o.AppChannelAddress,
		AppMaxConcurrency:             o.AppMaxConcurrency,
		EnableAppHealthCheck:          o.EnableAppHealthCheck,
		AppHealthCheckPath:            o.AppHealthCheckPath,
		AppHealthProbeInterval:        o.AppHealthProbeInterval,
		AppHealthProbeTimeout:         o.AppHealthProbeTimeout,
		AppHealthThreshold:            o.AppHealthThreshold,
	}
}
