package views

import (
	"slices"
	"strings"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/ui/list"
)

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

var _ = register(Def{
	Kind:  Apps,
	Title: "apps",
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
})
