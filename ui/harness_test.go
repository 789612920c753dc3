package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// probeMsg asks the running console for its screen. The probe is answered
// inside the program's goroutine, so tests read the model without racing it.
type probeMsg struct{ view chan string }

// probed wraps the console for tests: it answers probes and passes
// everything else through.
type probed struct{ m *Model }

func (p probed) Init() tea.Cmd { return p.m.Init() }
func (p probed) View() string  { return p.m.View() }
func (p probed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if pm, ok := msg.(probeMsg); ok {
		pm.view <- p.m.View()
		return p, nil
	}
	_, cmd := p.m.Update(msg)
	return p, cmd
}

type harness struct {
	t  *testing.T
	tm *teatest.TestModel
}

// startConsole runs the console at 100×30, as every golden is drawn.
func startConsole(t *testing.T, o Options) *harness {
	t.Helper()
	m, err := newModel(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, probed{m}, teatest.WithInitialTermSize(100, 30))
	h := &harness{t: t, tm: tm}
	t.Cleanup(func() {
		_ = tm.Quit()
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	})
	return h
}

// screen returns what the console draws now.
func (h *harness) screen() string {
	ch := make(chan string, 1)
	h.tm.Send(probeMsg{view: ch})
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		h.t.Fatal("console did not answer a probe")
		return ""
	}
}

// waitFor polls the screen until cond holds, and returns it.
func (h *harness) waitFor(what string, cond func(screen string) bool) string {
	h.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		if s = h.screen(); cond(s) {
			return s
		}
		time.Sleep(10 * time.Millisecond)
	}
	h.t.Fatalf("timed out waiting for %s; screen:\n%s", what, s)
	return ""
}

// waitText waits until every text is on screen.
func (h *harness) waitText(texts ...string) string {
	h.t.Helper()
	return h.waitFor(strings.Join(texts, ", "), func(s string) bool {
		for _, t := range texts {
			if !strings.Contains(s, t) {
				return false
			}
		}
		return true
	})
}

// waitState polls the fake vendor until cond holds.
func (h *harness) waitState(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	h.t.Fatalf("timed out waiting for %s; screen:\n%s", what, h.screen())
}

// keys sends each key: named keys ("enter", "esc", "tab", "right", "space")
// or runes.
func (h *harness) keys(keys ...string) {
	for _, k := range keys {
		h.tm.Send(keyMsg(k))
	}
}

// typeText types s rune by rune.
func (h *harness) typeText(s string) {
	for _, r := range s {
		h.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func keyMsg(k string) tea.KeyMsg {
	named := map[string]tea.KeyType{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"space": tea.KeySpace, "backspace": tea.KeyBackspace, "ctrl+\\": tea.KeyCtrlBackslash,
	}
	if t, ok := named[k]; ok {
		if t == tea.KeySpace {
			return tea.KeyMsg{Type: t, Runes: []rune{' '}}
		}
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// golden compares the screen with testdata/<test>.golden (go test -update
// rewrites it).
func (h *harness) golden(screen string) {
	h.t.Helper()
	teatest.RequireEqualOutput(h.t, []byte(screen+"\n"))
}
