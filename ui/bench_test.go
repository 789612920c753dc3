package ui

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/views"
)

// These add to BenchmarkMembersView and BenchmarkMembersFilterKeystroke
// (model_test.go, no colour, a query every row contains) the costs a
// moderator meets on a real terminal: colour styling, the first keystroke of
// a filter (every row searched, fuzzy included) and a live refresh. All go
// through the root model at 100×30, as the console runs.

var benchNames = []string{"alice", "bob", "chen", "dmitri", "eve", "fatima", "gus", "hana", "ivan", "jun"}

// benchMembersOf is n members of a chat room: a tenth muted, a few blocked,
// names from a small pool so a name filter matches a tenth of the rows.
func benchMembersOf(n int) []backend.Member {
	out := make([]backend.Member, n)
	for i := range out {
		mem := backend.Member{
			UserID:   fmt.Sprintf("u%06d", i),
			Name:     fmt.Sprintf("%s %d", benchNames[i%len(benchNames)], i/len(benchNames)),
			Role:     "Member",
			JoinedAt: testNow.Add(-time.Minute),
		}
		if i%10 == 3 {
			mem.MutedUntil = testNow.Add(10 * time.Minute)
		}
		if i%97 == 5 {
			mem.AVBlock = backend.AVVideo
		}
		out[i] = mem
	}
	return out
}

// benchRoom is the root model showing a members screen of n users, drawn
// with a true-colour renderer so View pays for real styling.
func benchRoom(b testing.TB, n int) (*Model, *screen) {
	b.Helper()
	o := testOptions(seedFake())
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	r.SetHasDarkBackground(true)
	o.Renderer = r
	m, err := newModel(context.Background(), o)
	if err != nil {
		b.Fatal(err)
	}
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	s := m.newScreen(views.Members, views.Target{App: m.o.Providers[0].App().Name, Room: "big"})
	s.data.Members = benchMembersOf(n)
	s.loaded = true
	m.stack = append(m.stack, s)
	m.rebuild(s)
	for _, l := range s.lists { // a large first load is built off the loop: wait for it
		drain(m, l.Work())
	}
	m.relayout()
	s.list().MoveCursor(n / 2)
	return m, s
}

func benchSizes(b *testing.B, run func(b *testing.B, n int)) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { run(b, n) })
	}
}

// BenchmarkMembersViewColour is one frame of the members view.
func BenchmarkMembersViewColour(b *testing.B) {
	benchSizes(b, func(b *testing.B, n int) {
		m, _ := benchRoom(b, n)
		b.ReportAllocs()
		for b.Loop() {
			_ = m.View()
		}
	})
}

// BenchmarkMembersFilterFirstKey is the costliest keystroke: the first
// letter typed after `/` searches every row (substring, then fuzzy), and
// the frame after it is drawn.
func BenchmarkMembersFilterFirstKey(b *testing.B) {
	benchSizes(b, func(b *testing.B, n int) {
		m, s := benchRoom(b, n)
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			m.filter.SetValue("")
			s.list().SetFilter("")
			b.StartTimer()
			m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("h")})
			_ = m.View()
		}
	})
}

// BenchmarkMembersFilterNarrow is a later keystroke of a name: "han"
// becomes "hana" (a tenth of the rows match), searching only the previous
// matches, and the frame after it.
func BenchmarkMembersFilterNarrow(b *testing.B) {
	benchSizes(b, func(b *testing.B, n int) {
		m, s := benchRoom(b, n)
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			m.filter.SetValue("han")
			s.list().SetFilter("")
			s.list().SetFilter("han")
			b.StartTimer()
			m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("a")})
			_ = m.View()
		}
	})
}

// BenchmarkMembersRefresh is a live refresh answering: the rows rebuilt
// from the vendor's list, the cursor and marks kept by user ID, the frame
// drawn.
func BenchmarkMembersRefresh(b *testing.B) {
	benchSizes(b, func(b *testing.B, n int) {
		m, s := benchRoom(b, n)
		members := benchMembersOf(n)
		b.ReportAllocs()
		for b.Loop() {
			req := m.reqs.issue(s.key())
			m.Update(loadedMsg{req: req, key: s.key(), fill: func(d *views.Data) { d.Members = members }})
			_ = m.View()
		}
	})
}

// TestBenchRoomShowsMembers keeps the benchmarks honest: the screen they
// time is the members view with its rows, and a keystroke filters it.
func TestBenchRoomShowsMembers(t *testing.T) {
	m, s := benchRoom(t, 1000)
	if got := s.list().Total(); got != 1000 {
		t.Fatalf("bench room has %d rows", got)
	}
	if v := m.View(); !strings.Contains(v, "members") || !strings.Contains(v, "u000500") {
		t.Fatalf("bench frame is not the members view at its cursor:\n%s", v)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("hana")})
	if got := s.list().Shown(); got != 100 {
		t.Errorf("/hana shows %d of 1000 rows, want 100", got)
	}
}
