package components

import (
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

func TestDialogAnswersWithTypedResults(t *testing.T) {
	type muteFor struct{ who string }
	d := &Dialog{Title: "Mute?", Options: []string{"Cancel", "Mute"}, For: muteFor{"alice"}}
	if res := d.Update(tea.KeyMsg{Type: tea.KeyEnter}); res != (Chosen{For: muteFor{"alice"}, Choice: 0}) {
		t.Fatalf("enter on the default = %#v, want Cancel chosen", res)
	}
	d.Update(tea.KeyMsg{Type: tea.KeyRight})
	if res := d.Update(tea.KeyMsg{Type: tea.KeyEnter}); res != (Chosen{For: muteFor{"alice"}, Choice: 1}) {
		t.Fatalf("enter after right = %#v", res)
	}
	if res := d.Update(tea.KeyMsg{Type: tea.KeyEscape}); res != (Cancelled{For: muteFor{"alice"}}) {
		t.Fatalf("esc = %#v", res)
	}
	if v := d.View(testStyles(), 80); !containsAll(v, "Mute?", "[Mute]", " Cancel ") {
		t.Fatalf("view:\n%s", v)
	}
}

func TestDialogValidatesTypedValue(t *testing.T) {
	d := &Dialog{Title: "Room ID?", Input: NewInput(testStyles(), "room ID ", "", 64),
		Validate: func(s string) error {
			if s != "lobby" {
				return errors.New("type lobby exactly")
			}
			return nil
		}}
	d.Update(runes("lob"))
	if res := d.Update(tea.KeyMsg{Type: tea.KeyEnter}); res != nil {
		t.Fatalf("a wrong value was accepted: %#v", res)
	}
	if v := d.View(testStyles(), 80); !strings.Contains(v, "type lobby exactly") {
		t.Fatalf("the refusal is not shown:\n%s", v)
	}
	d.Update(runes("by"))
	if res := d.Update(tea.KeyMsg{Type: tea.KeyEnter}); res != (Chosen{Choice: -1, Typed: "lobby"}) {
		t.Fatalf("enter = %#v", res)
	}
}
