package textsafe

import (
	"bytes"
	"strings"
	"testing"
)

func TestTableSanitizesAndAligns(t *testing.T) {
	var buf bytes.Buffer
	tb := NewTable(&buf, "USER", "NAME", "ROOM")
	tb.Row("u1", "evil\x1b[2J\tname\nnext", "房间\u202e-evil")
	tb.Row("longer-user", strings.Repeat("x", 200), "r")
	if err := tb.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("a cell added rows: %q", buf.String())
	}
	if strings.ContainsAny(buf.String(), "\x1b\u202e") {
		t.Errorf("escape or bidi control reached the table: %q", buf.String())
	}
	// Every column starts at the same screen column on every line, counting
	// CJK as two columns.
	for _, col := range []string{"NAME", "ROOM"} {
		at := Width(lines[0][:strings.Index(lines[0], col)])
		for _, l := range lines[1:] {
			w, i := 0, 0
			rs := []rune(l)
			for ; i < len(rs) && w < at; i++ {
				w += Width(string(rs[i]))
			}
			if w != at || rs[i-1] != ' ' || rs[i] == ' ' {
				t.Errorf("column %s misaligned in %q", col, l)
			}
		}
	}
	if n := strings.Count(lines[2], "x"); n != MaxCell-1 || !strings.Contains(lines[2], "x…") {
		t.Errorf("200-rune cell kept %d x's, want %d and a …", n, MaxCell-1)
	}
}

func TestTableWithoutLimitKeepsLongCells(t *testing.T) {
	var buf bytes.Buffer
	tb := NewTable(&buf, "A", "B")
	tb.MaxCell = 0
	tb.Row(strings.Repeat("y", 100), "b\x07")
	if err := tb.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); !strings.Contains(got, strings.Repeat("y", 100)+"  b␇") {
		t.Errorf("unlimited table cut or did not clean: %q", got)
	}
}

func TestWidth(t *testing.T) {
	for s, want := range map[string]int{"abc": 3, "房间": 4, "": 0} {
		if got := Width(s); got != want {
			t.Errorf("Width(%q) = %d, want %d", s, got, want)
		}
	}
}
