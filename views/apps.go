package views

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/keys"
	"github.com/quell-console/quell/ui/list"
)

// Apps is the configured apps: the console's first screen.
const Apps Kind = "apps"

// actionWords are the actions an app's rooms can do, one word per family
// (mute covers unmute), in the order of the action table.
func actionWords(caps backend.Capabilities) []string {
	var out []string
	for spec := range backend.Actions() {
		if caps.Can(spec.Needs) && !slices.Contains(out, spec.Family) {
			out = append(out, spec.Family)
		}
	}
	return out
}

// ProviderLabel is the provider's name as the header badge shows it.
func ProviderLabel(p backend.ProviderKind) string {
	switch p {
	case backend.TRTC:
		return "TRTC"
	case backend.TencentChat:
		return "Tencent Chat"
	case backend.Zego:
		return "ZEGO"
	}
	return clean(string(p))
}

var appsView = Def{
	Kind:    Apps,
	Title:   "apps",
	Scope:   keys.ScopeNone,
	Heading: func(Target, *Data) string { return "Apps — enter opens an app's rooms" },
	Columns: func() []list.Column {
		return []list.Column{
			{Title: "APP", Min: 12, Flex: 2},
			{Title: "PROVIDER", Min: 12, Flex: 1},
			{Title: "ROOMS", Min: 12, Flex: 1},
			{Title: "ACTIONS", Min: 20, Flex: 3},
		}
	},
	Empty: "no apps configured: add one to the config, or try `quell demo`",
	Rows: func(d *Data, _ time.Time) []list.Row {
		rows := make([]list.Row, len(d.Apps))
		for i, a := range d.Apps {
			acts := actionWords(a.Caps)
			name := clean(a.Name)
			rows[i] = list.Row{
				ID:     a.Name,
				Cells:  []string{name, ProviderLabel(a.Provider), clean(string(a.RoomKind)), strings.Join(acts, " ")},
				Search: name + " " + string(a.Provider),
				Data:   a,
			}
		}
		return rows
	},
	// The apps are the config's: nothing to call.
	Local: true,
	Load: func(_ context.Context, src Source) (Fill, error) {
		apps := src.Apps
		return func(d *Data) { d.Apps = apps }, nil
	},
	Open: func(_ Target, r *list.Row) (Kind, Target, bool) { return Rooms, Target{App: r.ID}, true },
	Commands: []Command{{
		Name: "apps", Help: "list the configured apps",
		Target: func(Here, string) (Target, error) { return Target{}, nil },
	}},
}
