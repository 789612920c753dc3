package textsafe

import (
	"io"
	"strings"
)

// Columns are aligned by Width (width.go), as the terminal draws them: CJK
// and emoji take two cells, which text/tabwriter (counting runes) gets
// wrong for the room names moderators actually see.

// MaxCell bounds a table cell so one hostile 10,000-character name cannot
// push every other column off the screen. The CLI's lists and the journal's
// export share it, so the same name is cut the same way everywhere.
const MaxCell = 48

// Table writes aligned columns, two spaces apart. Every cell is cleaned
// when the table is flushed (Clean turns tabs and newlines into harmless
// characters, so a cell can never add a column or a row) and cut to
// MaxCell.
type Table struct {
	// MaxCell is the most runes a cell keeps; 0 means no limit, for tables
	// of quell's own words. NewTable sets it to the package's MaxCell.
	MaxCell int

	w    io.Writer
	rows [][]string
}

// NewTable starts a table with a header row.
func NewTable(w io.Writer, headers ...string) *Table {
	t := &Table{w: w, MaxCell: MaxCell}
	t.Row(headers...)
	return t
}

// Row adds a row. The cells are kept as given until Flush.
func (t *Table) Row(cells ...string) {
	t.rows = append(t.rows, append([]string(nil), cells...))
}

// Flush writes the rows added since the last Flush.
func (t *Table) Flush() error {
	rows := make([][]string, len(t.rows))
	var widths []int
	for i, r := range t.rows {
		rows[i] = make([]string, len(r))
		for j, c := range r {
			if t.MaxCell > 0 {
				c = Truncate(c, t.MaxCell)
			} else {
				c = Clean(c)
			}
			rows[i][j] = c
			if j >= len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], Width(c))
		}
	}
	t.rows = nil
	var b strings.Builder
	for _, r := range rows {
		for j, c := range r {
			b.WriteString(c)
			if j < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[j]-Width(c)+2))
			}
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(t.w, b.String())
	return err
}
