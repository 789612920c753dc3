package list

import (
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/quell-console/quell/textsafe"
)

const (
	colSep      = "  " // between columns
	gutterWidth = 3    // cursor glyph, mark glyph, space
	// Glyphs are ASCII so that they read without colour (NO_COLOR, goldens)
	// and never change width under East Asian ambiguous-width fonts.
	cursorGlyph = ">"
	markGlyph   = "*"
	ascGlyph    = "▲"
	descGlyph   = "▼"
)

// layout returns the drawn width of every column, 0 for columns that do not
// fit. Columns take their Min left to right; a column that no longer fits
// whole is cut to what remains (if that is at least 3 cells) and the rest are
// dropped; spare width is shared by Flex.
func (m Model) layout() []int {
	ws := make([]int, len(m.cols))
	avail := m.lineWidth() - gutterWidth
	used, flexSum := 0, 0
	for i, c := range m.cols {
		need := max(c.Min, 1)
		if used > 0 {
			need += len(colSep)
		}
		if used+need > avail {
			rest := avail - used
			if used > 0 {
				rest -= len(colSep)
			}
			if rest >= 3 {
				ws[i] = rest
				used = avail
			}
			break
		}
		ws[i] = max(c.Min, 1)
		used += need
		flexSum += c.Flex
	}
	spare := avail - used
	if spare <= 0 || flexSum == 0 {
		return ws
	}
	given := 0
	for i, c := range m.cols {
		if ws[i] > 0 && c.Flex > 0 {
			add := spare * c.Flex / flexSum
			ws[i] += add
			given += add
		}
	}
	// Integer division leaves a few cells: hand them out left to right.
	for i, c := range m.cols {
		if given >= spare {
			break
		}
		if ws[i] > 0 && c.Flex > 0 {
			ws[i]++
			given++
		}
	}
	return ws
}

// lineWidth is how many cells a line of the table takes: all but the
// terminal's last column. Terminals disagree on the width of some text (❤️ is
// one cell in tmux, two in kitty); drawn into the last column, a row one cell
// wider than measured wraps and scrolls the whole screen. The spare column
// absorbs that.
func (m Model) lineWidth() int { return max(m.width-1, 0) }

// fit cuts s to w cells (marking the cut with …) and pads it to exactly w,
// measuring as the terminal draws (textsafe.Width), not by grapheme clusters:
// नमस्ते is 4 cells in tmux, 3 by x/ansi, and the row wrapped.
func fit(s string, w int, right bool) string { return textsafe.Pad(s, w, right) }

// View draws the header and the visible rows only — O(visible rows) — in
// exactly the table's height, each line exactly lineWidth cells (one short
// of the table's width). It reads the clock given to SetNow, never time.Now.
func (m Model) View() string {
	if m.height <= 0 || m.width <= 0 {
		return ""
	}
	lw := m.lineWidth()
	ws := m.layout()
	t := m.st.Table
	lines := make([]string, 0, m.height)
	lines = append(lines, t.Header.Render(m.headerLine(ws)))

	page := m.pageRows()
	if len(m.view) == 0 {
		msg := m.empty
		switch {
		case m.rowsJob != nil && len(m.rows) == 0: // a first load building off the loop
			msg = "loading…"
		case len(m.rows) > 0:
			msg = "no rows match " + quoteFilter(m.filter)
		}
		lines = append(lines, t.Empty.Render(fit("  "+msg, lw, false)))
	}
	end := min(m.offset+page, len(m.view))
	var b strings.Builder
	for pos := m.offset; pos < end; pos++ {
		r := &m.rows[m.view[pos]]
		b.Reset()
		m.rowLine(&b, r, pos == m.cursor, ws)
		lines = append(lines, m.rowStyle(r, pos == m.cursor).Render(b.String()))
	}
	blank := strings.Repeat(" ", lw)
	for len(lines) < m.height {
		lines = append(lines, blank)
	}
	return strings.Join(lines, "\n")
}

func (m Model) headerLine(ws []int) string {
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", gutterWidth))
	first := true
	for i, c := range m.cols {
		if ws[i] == 0 {
			continue
		}
		if !first {
			b.WriteString(colSep)
		}
		first = false
		title := c.Title
		if i == m.sortCol {
			arrow := ascGlyph
			if m.desc {
				arrow = descGlyph
			}
			// Cut the title, never the arrow: the arrow says how rows are
			// ordered.
			title = fit(title, max(ws[i]-2, 0), false)
			title = strings.TrimRight(title, " ") + " " + arrow
		}
		b.WriteString(fit(title, ws[i], c.Right))
	}
	return fit(b.String(), m.lineWidth(), false)
}

func (m Model) rowLine(b *strings.Builder, r *Row, isCursor bool, ws []int) {
	if isCursor {
		b.WriteString(cursorGlyph)
	} else {
		b.WriteByte(' ')
	}
	if _, on := m.marks[r.ID]; on {
		b.WriteString(markGlyph)
	} else {
		b.WriteByte(' ')
	}
	b.WriteByte(' ')
	used := gutterWidth
	first := true
	for i, c := range m.cols {
		if ws[i] == 0 {
			continue
		}
		if !first {
			b.WriteString(colSep)
			used += len(colSep)
		}
		first = false
		text := cell(r, i)
		if c.Live != nil {
			text = c.Live(r, m.now)
		}
		b.WriteString(fit(text, ws[i], c.Right))
		used += ws[i]
	}
	if lw := m.lineWidth(); used < lw {
		b.WriteString(strings.Repeat(" ", lw-used))
	}
}

// rowStyle picks one style per row: cursor, then marked, then changed (for
// two seconds after the refresh that changed it), then the row's tone.
func (m Model) rowStyle(r *Row, isCursor bool) lipgloss.Style {
	t := m.st.Table
	if isCursor {
		return t.Cursor
	}
	if _, on := m.marks[r.ID]; on {
		return t.Marked
	}
	if at, ok := m.changed[r.ID]; ok && m.now.Sub(at) < changeFade {
		return t.Changed
	}
	switch r.Tone {
	case ToneMuted:
		return t.Muted
	case ToneBanned:
		return t.Banned
	case ToneBlocked:
		return t.Blocked
	case ToneDim:
		return t.Dim
	}
	return t.Row
}

// IsChanged reports whether row id is still highlighted as changed at the
// clock given to SetNow.
func (m Model) IsChanged(id string) bool {
	at, ok := m.changed[id]
	return ok && m.now.Sub(at) < changeFade
}

// quoteFilter shows the query; it is the moderator's typing, but pasted text
// can carry escapes too.
func quoteFilter(q string) string { return "“" + textsafe.Clean(q) + "”" }
