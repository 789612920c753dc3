package list

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/textsafe"
)

func TestLayoutAt80Columns(t *testing.T) {
	tests := []struct {
		name  string
		cols  []Column
		width int
		want  []int
	}{
		// The last column is never drawn into: 79 cells are laid out.
		{"flex shares spare width", testCols, 80, []int{8 + 17, 8 + 33, 6}},
		{"no flex leaves trailing space", []Column{{Min: 10}, {Min: 20}}, 80, []int{10, 20}},
		{"last column cut to what remains", []Column{{Min: 30}, {Min: 30}, {Min: 30}}, 80, []int{30, 30, 12}},
		{"columns past the width are dropped", []Column{{Min: 40}, {Min: 35}, {Min: 10}}, 80, []int{40, 34, 0}},
		{"remainder cells go left to right", []Column{{Min: 1, Flex: 1}, {Min: 1, Flex: 1}, {Min: 1, Flex: 1}}, 80, []int{24, 24, 24}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(tt.cols, asciiStyles(), nil)
			m.SetSize(tt.width, 5)
			got := m.layout()
			if !slices.Equal(got, tt.want) {
				t.Fatalf("layout = %v, want %v", got, tt.want)
			}
			total := gutterWidth
			n := 0
			for _, w := range got {
				if w > 0 {
					total += w
					n++
				}
			}
			total += (n - 1) * len(colSep)
			if total > tt.width-1 {
				t.Errorf("columns take %d cells of %d", total, tt.width)
			}
		})
	}
}

func TestViewGolden(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	cols := []Column{
		{Title: "USER", Min: 8, Flex: 1},
		{Title: "NAME", Min: 10, Flex: 2},
		{Title: "MUTED", Min: 7, Right: true, Live: func(r *Row, now time.Time) string {
			until, ok := r.Data.(time.Time)
			if !ok {
				return ""
			}
			return until.Sub(now).Round(time.Second).String()
		}},
	}
	m := New(cols, asciiStyles(), nil)
	m.SetSize(50, 6)
	m.SetNow(t0)
	m.SetRows([]Row{
		{ID: "u1", Cells: []string{"u1", "Ann", "x"}, Data: t0.Add(90 * time.Second)},
		{ID: "u2", Cells: []string{"u2", "Bob with a very long display name", ""}},
		{ID: "u3", Cells: []string{"u3", "名前テスト", ""}},
		{ID: "u4", Cells: []string{"u4", "Dee", ""}},
		{ID: "u5", Cells: []string{"u5", "Eve", ""}},
		{ID: "u6", Cells: []string{"u6", "Fay", ""}},
	})
	m.SortBy(0, true) // the cursor stays on u1, now last
	m.MoveCursor(-1)
	m.ToggleMark() // u2
	m.SetNow(t0.Add(30 * time.Second))
	m.MoveCursor(10) // to the end: the window scrolls
	want := strings.Join([]string{
		"   USER ▼          NAME                     MUTED",
		"   u5              Eve                           ",
		"   u4              Dee                           ",
		"   u3              名前テスト                    ",
		" * u2              Bob with a very long…         ",
		">  u1              Ann                       1m0s",
	}, "\n")
	got := m.View()
	if got != want {
		t.Errorf("View() =\n%s\nwant\n%s", got, want)
	}
	for i, line := range strings.Split(got, "\n") {
		if w := textsafe.Width(line); w != 49 {
			t.Errorf("line %d is %d cells wide, want 49 (all but the last column)", i, w)
		}
	}
}

func TestViewEmptyAndTiny(t *testing.T) {
	m := New(testCols, asciiStyles(), nil)
	m.SetSize(30, 3)
	m.SetEmptyText("loading…")
	lines := strings.Split(m.View(), "\n")
	if len(lines) != 3 || !strings.Contains(lines[1], "loading…") {
		t.Errorf("empty view = %q", lines)
	}
	m.SetSize(0, 0)
	if m.View() != "" {
		t.Error("zero size should draw nothing")
	}
}

func TestViewDrawsOnlyVisibleRows(t *testing.T) {
	rows := make([]Row, 100_000)
	for i := range rows {
		id := fmt.Sprintf("user%06d", i)
		rows[i] = row(id, "name "+id, "")
	}
	m := newTable(rows)
	m.SetSize(80, 24)
	m.MoveCursor(50_000)
	lines := strings.Split(m.View(), "\n")
	if len(lines) != 24 {
		t.Fatalf("view has %d lines, want 24", len(lines))
	}
	if !strings.Contains(strings.Join(lines, "\n"), "> ") || !strings.Contains(lines[23], "user050000") {
		t.Errorf("cursor row not on the last line:\n%s", strings.Join(lines, "\n"))
	}
}

// hostileNames are names terminals draw at widths grapheme libraries get
// wrong (see textsafe.Width): a row padded by x/ansi's count wrapped in tmux.
var hostileNames = []string{
	"नमस्ते", "👩\u200d👩\u200d👧\u200d👦", "❤\ufe0f", "e\u0301e\u0301", "中文", "ﷺ",
	"Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇", "👍🏽👍🏽", "क्षि", "🏳\ufe0f\u200d🌈 flag",
	"中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文",
	"नमस्ते नमस्ते नमस्ते नमस्ते नमस्ते नमस्ते नमस्ते नमस्ते नमस्ते नमस्ते नमस्ते",
}

func TestViewLinesFitAsTheTerminalDraws(t *testing.T) {
	var rows []Row
	for i, n := range hostileNames {
		id := fmt.Sprintf("u%02d%s", i, n)
		rows = append(rows, Row{ID: id, Cells: []string{id, n, n}, Search: id + " " + n})
	}
	for _, w := range []int{20, 33, 80, 120} {
		m := New(testCols, asciiStyles(), nil)
		m.SetSize(w, len(rows)+1)
		m.SetRows(rows)
		lines := strings.Split(m.View(), "\n")
		if len(lines) != len(rows)+1 {
			t.Fatalf("width %d: %d lines, want %d", w, len(lines), len(rows)+1)
		}
		for i, line := range lines {
			if got := textsafe.Width(line); got != w-1 {
				t.Errorf("width %d: line %d %q is %d cells, want %d (never the last column)", w, i, line, got, w-1)
			}
		}
	}
}
