package list

import (
	"fmt"
	"io"
	"slices"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/quell-console/quell/ui/theme"
)

// benchRows looks like a members list: IDs and display names.
func benchRows(n int) []Row {
	first := []string{"alice", "bob", "chen", "dmitri", "eve", "fatima", "gus", "hana", "ivan", "jun"}
	rows := make([]Row, n)
	for i := range rows {
		id := fmt.Sprintf("user_%07d", i)
		name := fmt.Sprintf("%s %d", first[i%len(first)], i/len(first))
		rows[i] = Row{ID: id, Cells: []string{id, name, "member", ""}, Search: id + " " + name}
	}
	return rows
}

var benchCols = []Column{
	{Title: "USER", Min: 12, Flex: 1},
	{Title: "NAME", Min: 12, Flex: 2},
	{Title: "ROLE", Min: 8},
	{Title: "MUTED", Min: 8, Right: true},
}

// benchTable uses a colour renderer so View pays for real styling.
func benchTable(n int) Model {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	m := New(benchCols, theme.New(r), nil)
	m.SetSize(120, 40)
	m.SetRows(benchRows(n))
	m.MoveCursor(n / 2)
	m.ToggleMark()
	return m
}

func BenchmarkView(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := benchTable(n)
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// BenchmarkFilterKeystroke types the third letter of a query: the filter
// narrows from the two-letter result.
func BenchmarkFilterKeystroke(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := benchTable(n)
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				m.SetFilter("")
				m.SetFilter("al")
				b.StartTimer()
				m.SetFilter("ali")
			}
		})
	}
}

// BenchmarkFilterFirstKeystroke is the worst keystroke: the first letter (or
// a backspace) searches every row.
func BenchmarkFilterFirstKeystroke(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := benchTable(n)
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				m.SetFilter("")
				b.StartTimer()
				m.SetFilter("a")
			}
		})
	}
}

// BenchmarkSetRows is a live refresh: same rows, new slice.
func BenchmarkSetRows(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := benchTable(n)
			m.SortBy(1, false)
			rows := benchRows(n)
			b.ReportAllocs()
			for b.Loop() {
				m.SetRows(rows)
			}
		})
	}
}

// BenchmarkSetRowsChurn is a live refresh of a busy room: a few members
// left near the top and a few joined at the end since the last one.
func BenchmarkSetRowsChurn(b *testing.B) {
	const n = 100_000
	m := benchTable(n)
	m.SortBy(1, false)
	base := benchRows(n + 10)
	a := slices.Concat(base[:n])
	c := slices.Concat(base[:10], base[15:n], base[n:n+5]) // 5 left, 5 joined
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i++; i%2 == 0 {
			m.SetRows(a)
		} else {
			m.SetRows(c)
		}
	}
}

// BenchmarkMarkedHiddenAllMarked is the status bar's "N selected (M
// hidden)" at every frame with all 100,000 rows marked and a filter on.
func BenchmarkMarkedHiddenAllMarked(b *testing.B) {
	m := benchTable(100_000)
	m.MarkAllShown()
	m.SetFilter("alice")
	b.ReportAllocs()
	for b.Loop() {
		_ = m.MarkedHidden()
	}
}
