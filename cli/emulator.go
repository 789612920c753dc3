package cli

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/spf13/cobra"

	"github.com/quell-console/quell/backend/emulator"
	"github.com/quell-console/quell/backend/emulator/emucore"
	"github.com/quell-console/quell/config"
)

func (a *cliApp) emulatorCommand() *cobra.Command {
	var listen, writeConfig string
	var faults emucore.Faults
	var seed uint64
	var noChurn bool
	cmd := &cobra.Command{
		Use:   "emulator [--listen 127.0.0.1:PORT] [--write-config FILE] [--latency D] [--error-rate R] [--http-5xx-rate R] [--drop-rate R] [--lost-answer-rate R] [--timeout-rate R] [--burst-every D --burst-for D]",
		Short: "run the TRTC, Chat and ZEGO emulator on loopback until interrupted",
		Long: "Runs one HTTP server that speaks the three vendors' APIs with demo data that keeps moving,\n" +
			"and writes a config pointing every app at it. Stop it with Ctrl-C.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFaults(faults); err != nil {
				return err
			}
			if err := checkLoopback(listen); err != nil {
				return err
			}
			srv := emulator.New(emulator.Options{Demo: true, Churn: !noChurn, Seed: seed})
			srv.Env().SetFaults(faults)
			url, err := srv.Start(listen)
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			defer srv.Close()
			fmt.Fprintf(a.out, "emulator listening on %s\n", url)
			fmt.Fprintf(a.out, "stats: %s%sstats\n", url, emulator.AdminPrefix)
			if faults != (emucore.Faults{}) {
				fmt.Fprintf(a.out, "faults: latency %s, error rate %g, 5xx rate %g, drop rate %g, lost-answer rate %g, timeout rate %g, rate-limit bursts %s every %s\n",
					faults.Latency, faults.ErrorRate, faults.HTTP5xx, faults.DropRate, faults.LostAnswerRate, faults.TimeoutRate, faults.BurstFor, faults.BurstEvery)
			}
			if writeConfig != "" {
				if err := srv.WriteConfig(writeConfig); err != nil {
					return &exitError{code: exitFailed, err: fmt.Errorf("--write-config: %w", err)}
				}
				fmt.Fprintf(a.out, "config written to %s\ntry: quell --config %s apps\n", writeConfig, writeConfig)
			} else {
				fmt.Fprintln(a.out, "no --write-config FILE given: add it to get a config that points every demo app here")
			}
			fmt.Fprintln(a.out, "press Ctrl-C to stop")
			<-cmd.Context().Done()
			return nil
		},
	}
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:8931", "loopback address to listen on; other interfaces are refused")
	cmd.Flags().StringVar(&writeConfig, "write-config", "", "write a config for the emulator to this file")
	cmd.Flags().DurationVar(&faults.Latency, "latency", 0, "add this delay to every vendor request (e.g. 200ms)")
	cmd.Flags().DurationVar(&faults.Jitter, "jitter", 0, "add up to this much more delay, at random")
	cmd.Flags().Float64Var(&faults.ErrorRate, "error-rate", 0, "share of vendor requests answered with the vendor's internal error (0 to 1)")
	cmd.Flags().Float64Var(&faults.HTTP5xx, "http-5xx-rate", 0, "share answered 502 with no vendor envelope (0 to 1)")
	cmd.Flags().Float64Var(&faults.DropRate, "drop-rate", 0, "share whose connection is closed with no answer (0 to 1)")
	cmd.Flags().Float64Var(&faults.LostAnswerRate, "lost-answer-rate", 0, "share applied and then closed with no answer, as when a client's timeout ends a call the vendor carried out (0 to 1)")
	cmd.Flags().Float64Var(&faults.TimeoutRate, "timeout-rate", 0, "share carried out whose answer never comes: the connection is held until the client gives up (0 to 1)")
	cmd.Flags().DurationVar(&faults.BurstEvery, "burst-every", 0, "start a burst of rate-limit answers this often (with --burst-for)")
	cmd.Flags().DurationVar(&faults.BurstFor, "burst-for", 0, "answer every vendor request with its rate-limit code for this long, every --burst-every")
	cmd.Flags().Uint64Var(&seed, "seed", 0, "seed of the demo data and of the fault dice")
	cmd.Flags().BoolVar(&noChurn, "no-churn", false, "hold the world still: no joins, leaves, expiries or rooms closing")
	return cmd
}

// checkLoopback refuses a --listen address off loopback. The emulator is
// loopback-only by design: it checks signatures against the demo secrets,
// which it writes into every config and which are public, so on another
// interface anyone on the network could drive it, and it would look like a
// vendor to whoever found it. ":PORT" and "0.0.0.0:PORT" mean every
// interface, so they are refused too, with the loopback address to use.
func checkLoopback(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return usageErrorf("--listen %q: not host:port; write it like 127.0.0.1:8931", addr)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return usageErrorf("--listen %q: the emulator listens on loopback only (anyone who reached it could use the demo's published secrets); use --listen %s",
		addr, net.JoinHostPort("127.0.0.1", port))
}

// checkFaults refuses knobs outside their range before anything listens.
func checkFaults(f emucore.Faults) error {
	if f.Latency < 0 || f.Jitter < 0 {
		return usageErrorf("--latency and --jitter must not be negative")
	}
	if f.BurstEvery < 0 || f.BurstFor < 0 || (f.BurstFor > 0) != (f.BurstEvery > 0) || f.BurstFor > f.BurstEvery {
		return usageErrorf("--burst-for %s --burst-every %s: give both, the burst no longer than its period (e.g. --burst-for 200ms --burst-every 2s)", f.BurstFor, f.BurstEvery)
	}
	for _, r := range []struct {
		flag string
		v    float64
	}{{"--error-rate", f.ErrorRate}, {"--http-5xx-rate", f.HTTP5xx}, {"--drop-rate", f.DropRate}, {"--lost-answer-rate", f.LostAnswerRate}, {"--timeout-rate", f.TimeoutRate}} {
		if r.v < 0 || r.v > 1 {
			return usageErrorf("%s %g: write a share between 0 and 1 (0.1 is one request in ten)", r.flag, r.v)
		}
	}
	return nil
}

func (a *cliApp) demoCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "open the console on a built-in emulator with demo data",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.console(cmd.Context(), true)
		},
	}
}

// startEmulator runs the emulator with the demo seed and its churn.
func startEmulator(addr string) (*emulator.Server, string, error) {
	srv := emulator.New(emulator.Options{Demo: true, Churn: true})
	url, err := srv.Start(addr)
	if err != nil {
		return nil, "", &exitError{code: exitUsage, err: err}
	}
	return srv, url, nil
}

// console opens the interactive console: on the user's config, or (demo) on
// an emulator started in this process.
func (a *cliApp) console(ctx context.Context, demo bool) error {
	if a.runConsole == nil {
		return &exitError{code: exitFailed, err: errors.New("this build of quell has no console; the headless commands work (see quell --help)")}
	}
	var cfg *config.Config
	if demo {
		srv, _, err := startEmulator("127.0.0.1:0")
		if err != nil {
			return err
		}
		defer srv.Close()
		c, _, err := config.Parse("demo", []byte(srv.ConfigYAML()))
		if err != nil {
			return &exitError{code: exitFailed, err: fmt.Errorf("demo config: %w", err)}
		}
		c.Path = ""
		if a.journalPath == "" {
			path, cleanup, err := demoJournal()
			if err != nil {
				return &exitError{code: exitFailed, err: fmt.Errorf("demo journal: %w", err)}
			}
			// Registered before the journal opens, so it runs after it closes.
			a.closers = append(a.closers, cleanup)
			c.Journal = path
		}
		cfg = c
	} else {
		c, err := a.loadConfig()
		if err != nil {
			return err
		}
		cfg = c
	}
	// The console owns the terminal: the shared quota's warnings go to its
	// status bar, not to stderr under the screen.
	a.screenOwned = true
	s, err := a.openConfig(cfg)
	if err != nil {
		return err
	}
	err = a.runConsole(ctx, ConsoleOptions{Config: cfg, Providers: s.providers, Engine: s.engine, ReadOnly: a.readOnly,
		Logger: a.logger, Demo: demo, Journal: s.journal})
	if err != nil && !errors.Is(err, context.Canceled) {
		return &exitError{code: exitFailed, err: err}
	}
	return nil
}
