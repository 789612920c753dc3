package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// unknownCommand names a mistyped command before cobra parses any flag.
// Cobra stops at the first command it cannot find and parses the rest as
// that command's flags, so `quell mtue --app x` used to say "unknown flag:
// --app" about the root instead of naming "mtue". A command that has
// subcommands takes no arguments of its own, so its first argument that is
// not a flag or a flag's value must be one of them.
func unknownCommand(root *cobra.Command, args []string) error {
	cmd, rest, err := root.Find(args)
	if err != nil || !cmd.HasAvailableSubCommands() {
		return nil
	}
	name, ok := firstArgument(cmd, rest)
	if !ok {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", name, cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2 // cobra's own default, which SuggestionsFor does not apply
	}
	if s := cmd.SuggestionsFor(name); len(s) > 0 {
		msg += fmt.Sprintf("; did you mean %q?", s[0])
	}
	return &exitError{code: exitUsage, err: fmt.Errorf("%s\nRun '%s --help' for its commands.", msg, cmd.CommandPath())}
}

// firstArgument is the first of args that is neither a flag of cmd nor a
// flag's value. A flag cmd does not know is taken to have no value, as
// cobra itself does when it looks for the command.
func firstArgument(cmd *cobra.Command, args []string) (string, bool) {
	lookup := func(name string, short bool) *pflag.Flag {
		for _, fs := range []*pflag.FlagSet{cmd.LocalFlags(), cmd.InheritedFlags()} {
			var f *pflag.Flag
			if short {
				f = fs.ShorthandLookup(name)
			} else {
				f = fs.Lookup(name)
			}
			if f != nil {
				return f
			}
		}
		return nil
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			if i+1 < len(args) {
				return args[i+1], true
			}
			return "", false
		case strings.HasPrefix(a, "--"):
			if f := lookup(a[2:], false); !strings.Contains(a, "=") && f != nil && f.NoOptDefVal == "" {
				i++ // --config FILE
			}
		case strings.HasPrefix(a, "-") && len(a) > 1:
			if f := lookup(a[1:], true); len(a) == 2 && f != nil && f.NoOptDefVal == "" {
				i++ // -o json
			}
		default:
			return a, true
		}
	}
	return "", false
}
