package list

import (
	"testing"

	"github.com/charmbracelet/bubbles/list"
	"github.com/charmbracelet/bubbles/table"
)

// The same work done by bubbles, in the same run, for the ratios the README
// gives: bubbles/list's DefaultFilter (what its list runs on each filter
// keystroke) against ours, and a bubbles/table cursor move and View (a
// frame) against ours. Run with
//
//	go test -run X -bench 'Compare' -benchmem ./ui/list/

// BenchmarkCompareFilterKeystroke filters 100,000 members by a broad query
// ("v9", as in the issue: it matches thousands of rows fuzzily).
func BenchmarkCompareFilterKeystroke(b *testing.B) {
	const n = 100_000
	rows := benchRows(n)
	targets := make([]string, n)
	for i, r := range rows {
		targets[i] = r.Search
	}
	for _, q := range []string{"a", "al", "ali", "v9"} {
		b.Run("bubbles-list-DefaultFilter/"+q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = list.DefaultFilter(q, targets)
			}
		})
		b.Run("quell-contains/"+q, func(b *testing.B) {
			m := benchTable(n)
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				m.SetFilter("")
				b.StartTimer()
				m.SetFilter(q)
			}
		})
		// What the update loop pays for a fuzzy keystroke in the console:
		// the substring pass; the fuzzy pass runs off the loop.
		b.Run("quell-fuzzy-loop/"+q, func(b *testing.B) {
			m := benchTable(n)
			m.SetAsync(true)
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				m.SetFilter("")
				b.StartTimer()
				m.SetFilter("~" + q)
			}
		})
		// The whole fuzzy match, as a table not set async does it.
		b.Run("quell-fuzzy/"+q, func(b *testing.B) {
			m := benchTable(n)
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				m.SetFilter("")
				b.StartTimer()
				m.SetFilter("~" + q)
			}
		})
	}
}

// BenchmarkCompareFrame moves the cursor one row and draws, at 100,000 rows
// and 120×40.
func BenchmarkCompareFrame(b *testing.B) {
	const n = 100_000
	b.Run("bubbles-table", func(b *testing.B) {
		cols := make([]table.Column, len(benchCols))
		for i, c := range benchCols {
			cols[i] = table.Column{Title: c.Title, Width: c.Min + 8*c.Flex}
		}
		src := benchRows(n)
		rows := make([]table.Row, n)
		for i, r := range src {
			rows[i] = table.Row(r.Cells)
		}
		t := table.New(table.WithColumns(cols), table.WithRows(rows), table.WithHeight(40), table.WithWidth(120), table.WithFocused(true))
		t.MoveDown(n / 2)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if i++; i%2 == 0 {
				t.MoveDown(1)
			} else {
				t.MoveUp(1)
			}
			_ = t.View()
		}
	})
	b.Run("quell", func(b *testing.B) {
		m := benchTable(n)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if i++; i%2 == 0 {
				m.MoveCursor(1)
			} else {
				m.MoveCursor(-1)
			}
			_ = m.View()
		}
	})
}
