package components

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

func TestCmdLineAsksForCompletionsThenCycles(t *testing.T) {
	c := NewCmdLine(testStyles(), []string{"rooms", "room", "apps"})
	if res := c.Update(runes("roo")); res != (CompletionsWanted{Line: "roo"}) {
		t.Fatalf("typing = %#v, want a request for suggestions", res)
	}
	c.Suggest([]string{"rooms", "room "})
	if v := c.View(testStyles(), 80); !strings.Contains(v, ":rooms") {
		t.Fatalf("the suggestion is not shown after the text:\n%s", v)
	}
	res := c.Update(tea.KeyMsg{Type: tea.KeyTab})
	if res != (CompletionsWanted{Line: "roo", Tab: true}) {
		t.Fatalf("first tab = %#v", res)
	}
	c.Complete([]string{"rooms", "room "})
	if c.Value() != "rooms" {
		t.Fatalf("after completion: %q", c.Value())
	}
	if res := c.Update(tea.KeyMsg{Type: tea.KeyTab}); res != nil || c.Value() != "room " {
		t.Fatalf("second tab = %#v, %q", res, c.Value())
	}
	c.Update(runes("a"))
	if res := c.Update(tea.KeyMsg{Type: tea.KeyEnter}); res != (CommandEntered{Line: "room a"}) {
		t.Fatalf("enter = %#v", res)
	}
	c.SetErr("no room a")
	if v := c.View(testStyles(), 80); !strings.Contains(v, "no room a") {
		t.Fatalf("error not shown:\n%s", v)
	}
	if res := c.Update(tea.KeyMsg{Type: tea.KeyEscape}); res != (CommandClosed{}) {
		t.Fatalf("esc = %#v", res)
	}
}

func TestFilterResults(t *testing.T) {
	f := NewFilter(testStyles(), "al")
	if res := f.Update(runes("i")); res != (FilterChanged{Value: "ali"}) {
		t.Fatalf("typing = %#v", res)
	}
	down := tea.KeyMsg{Type: tea.KeyDown}
	if res, ok := f.Update(down).(ListKey); !ok || res.Key.Type != tea.KeyDown {
		t.Fatalf("down = %#v", res)
	}
	if res := f.Update(tea.KeyMsg{Type: tea.KeyEscape}); res != (FilterClosed{Clear: true}) {
		t.Fatalf("esc = %#v", res)
	}
	if res := f.Update(tea.KeyMsg{Type: tea.KeyEnter}); res != (FilterClosed{}) {
		t.Fatalf("enter = %#v", res)
	}
}

func TestToastLeavesByItself(t *testing.T) {
	now := time.Date(2025, 3, 14, 15, 0, 0, 0, time.UTC)
	var to Toast
	to.Show("muted 1 user", false, now)
	to.Update(now.Add(ToastOK - time.Millisecond))
	if v := to.View(testStyles(), 80); !strings.Contains(v, "muted 1 user") {
		t.Fatalf("toast gone early: %q", v)
	}
	to.Update(now.Add(ToastOK))
	if to.Shown() || to.View(testStyles(), 80) != "" {
		t.Fatal("toast stayed past its time")
	}
	to.Show("refused", true, now)
	to.Update(now.Add(ToastOK))
	if !to.Shown() {
		t.Fatal("an error toast left as early as a success")
	}
}

func TestFailurePanelNamesEverything(t *testing.T) {
	f := &Failure{Title: "mute failed for 9 of 9", Code: "10007", Meaning: "no permission", Next: "make the admin an owner",
		RequestID: "req-1", Users: []string{"a", "b"}, More: 7}
	v := f.View(testStyles(), 100)
	if !containsAll(v, "mute failed for 9 of 9", "10007", "no permission", "make the admin an owner", "req-1", "a, b (+7 more)", "esc closes") {
		t.Fatalf("panel:\n%s", v)
	}
}

func TestHelpClosesOnItsKeys(t *testing.T) {
	hp := NewHelp(testStyles())
	hp.Open = true
	back := key.NewBinding(key.WithKeys("esc"))
	if res := hp.Update(runes("x"), back); res != nil || !hp.Open {
		t.Fatal("a stray key closed the help")
	}
	if res := hp.Update(tea.KeyMsg{Type: tea.KeyEscape}, back); res != (HelpClosed{}) || hp.Open {
		t.Fatal("esc did not close the help")
	}
	full := hp.Full(testStyles(), [][]key.Binding{{back}}, []CommandHelp{{Name: "room", Arg: "ID", Help: "open a room"}}, 80, 24)
	if !containsAll(full, "Keys", ":room ID", "open a room") {
		t.Fatalf("full help:\n%s", full)
	}
}

// A failed line is cleared: neither its text nor the completion it was
// offered while typed is drawn after it (textinput kept its last match).
func TestCmdLineFailClears(t *testing.T) {
	c := NewCmdLine(testStyles(), []string{"mute"})
	c.SetWidth(80)
	for _, r := range "mute lobby al" {
		c.Update(runes(string(r)))
		c.Suggest([]string{"mute lobby alice "})
	}
	c.Fail("no app is open")
	v := c.View(testStyles(), 80)
	if c.Value() != "" || strings.Contains(v, "lobby") || !strings.Contains(v, "no app is open") {
		t.Fatalf("after Fail: value %q, view:\n%s", c.Value(), v)
	}
}
