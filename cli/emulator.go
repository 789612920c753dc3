package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/quell-console/quell/backend/emulator"
	"github.com/quell-console/quell/config"
)

func (a *cliApp) emulatorCommand() *cobra.Command {
	var listen, writeConfig string
	cmd := &cobra.Command{
		Use:   "emulator [--listen 127.0.0.1:PORT] [--write-config FILE]",
		Short: "run the TRTC, Chat and ZEGO emulator on loopback until interrupted",
		Long: "Runs one HTTP server that speaks the three vendors' APIs with demo data that keeps moving,\n" +
			"and writes a config pointing every app at it. Stop it with Ctrl-C.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			srv, url, err := startEmulator(listen)
			if err != nil {
				return err
			}
			defer srv.Close()
			fmt.Fprintf(a.out, "emulator listening on %s\n", url)
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
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:8931", "address to listen on (loopback)")
	cmd.Flags().StringVar(&writeConfig, "write-config", "", "write a config for the emulator to this file")
	return cmd
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
	if RunConsole == nil {
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
		cfg = c
	} else {
		c, err := a.loadConfig()
		if err != nil {
			return err
		}
		cfg = c
	}
	s, err := a.openConfig(cfg)
	if err != nil {
		return err
	}
	err = RunConsole(ctx, ConsoleOptions{Config: cfg, Providers: s.providers, Engine: s.engine, ReadOnly: a.readOnly,
		Logger: a.logger, Demo: demo})
	if err != nil && !errors.Is(err, context.Canceled) {
		return &exitError{code: exitFailed, err: err}
	}
	return nil
}
