package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/views"
)

func directModel(t testing.TB, providers ...backend.Provider) *Model {
	t.Helper()
	m, err := newModel(context.Background(), testOptions(providers...))
	if err != nil {
		t.Fatal(err)
	}
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	return m
}

func TestStaleAnswerIsDropped(t *testing.T) {
	m := directModel(t, seedFake())
	s := m.top() // one app: the console opens on its rooms
	key := s.key()
	older, newer := m.reqs.issue(key), m.reqs.issue(key)
	m.Update(loadedMsg{req: newer, key: key, fill: roomsFill(backend.Room{ID: "fresh-room"})})
	m.Update(loadedMsg{req: older, key: key, fill: roomsFill(backend.Room{ID: "old-room"})})
	v := m.View()
	if !strings.Contains(v, "fresh-room") || strings.Contains(v, "old-room") {
		t.Fatalf("an older answer overwrote a newer one:\n%s", v)
	}
	if n := m.reqs.inFlight(); n != 0 {
		t.Fatalf("%d calls still counted in flight", n)
	}

	// An answer for a screen the moderator has left is dropped too.
	m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	room := m.top()
	late := m.reqs.issue(room.key())
	m.Update(tea.KeyMsg{Type: tea.KeyEscape})
	m.Update(loadedMsg{req: late, key: room.key(), fill: func(d *views.Data) { d.Members = []backend.Member{{UserID: "ghost"}} }})
	if len(room.data.Members) != 0 {
		t.Fatal("an answer for a screen already left was applied")
	}
}

func TestDialogFreezesTheListAndRefresh(t *testing.T) {
	m := directModel(t, seedFake())
	s := m.top()
	m.Update(loadedMsg{req: m.reqs.issue(s.key()), key: s.key(), fill: roomsFill(backend.Room{ID: "r1"}, backend.Room{ID: "r2"})})
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("D")})
	if m.modal == nil {
		t.Fatal("dismiss opened no dialog")
	}
	before := m.View()
	m.Update(tea.KeyMsg{Type: tea.KeyDown})
	m.Update(tea.MouseMsg{Action: tea.MouseActionPress, Button: tea.MouseButtonWheelDown})
	if cmd := m.onRefresh(refreshMsg{gen: m.refreshGen}); m.reqs.pending(s.key()) {
		_ = cmd
		t.Fatal("a live refresh was sent under an open dialog")
	}
	if r, _ := s.list().CursorRow(); r.ID != "r1" {
		t.Fatalf("the list moved under the dialog: cursor on %s", r.ID)
	}
	if !strings.Contains(before, "Dismiss room r1?") {
		t.Fatalf("dialog does not name the room:\n%s", before)
	}
}

// benchMembers is a members screen of n users, half of them muted.
func benchMembers(b *testing.B, n int) *Model {
	m := directModel(b, seedFake())
	s := m.newScreen(views.Members, views.Target{App: m.o.Providers[0].App().Name, Room: "big"})
	s.data.Members = make([]backend.Member, n)
	for i := range s.data.Members {
		mem := backend.Member{UserID: fmt.Sprintf("user%06d", i), Name: fmt.Sprintf("Name %d", i), JoinedAt: testNow}
		if i%2 == 0 {
			mem.MutedUntil = testNow.Add(10 * 60e9)
		}
		s.data.Members[i] = mem
	}
	s.loaded = true
	m.stack = append(m.stack, s)
	m.rebuild(s)
	m.relayout()
	return m
}

func BenchmarkMembersView(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := benchMembers(b, n)
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// BenchmarkMembersFilterKeystroke is one keystroke in the filter prompt:
// "user0" becomes "user01".
func BenchmarkMembersFilterKeystroke(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := benchMembers(b, n)
			m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				m.filter.SetValue("user0")
				m.top().list().SetFilter("user0")
				b.StartTimer()
				m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("1")})
			}
		})
	}
}

func roomsFill(rooms ...backend.Room) views.Fill { return func(d *views.Data) { d.Rooms = rooms } }
