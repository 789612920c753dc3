package list

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// wheelStep is how many rows one mouse wheel notch moves.
const wheelStep = 3

// Update moves the cursor on the KeyMap's navigation keys and the mouse
// wheel. It handles nothing else: selection, sort and filter keys belong to
// the view, which calls the setters, so no letter is taken from the actions.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		km := m.km
		switch {
		case key.Matches(msg, km.Up):
			m.MoveCursor(-1)
		case key.Matches(msg, km.Down):
			m.MoveCursor(1)
		case key.Matches(msg, km.PageUp):
			m.MoveCursor(-m.pageRows())
		case key.Matches(msg, km.PageDown):
			m.MoveCursor(m.pageRows())
		case key.Matches(msg, km.Home):
			m.MoveCursor(-len(m.view))
		case key.Matches(msg, km.End):
			m.MoveCursor(len(m.view))
		}
	case tea.MouseMsg:
		if msg.Action != tea.MouseActionPress {
			break
		}
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			m.MoveCursor(-wheelStep)
		case tea.MouseButtonWheelDown:
			m.MoveCursor(wheelStep)
		}
	}
	return m, nil
}

// MoveCursor moves the cursor by delta rows, clamped, scrolling as needed.
func (m *Model) MoveCursor(delta int) {
	m.cursor += delta
	m.clampCursor()
	m.scrollToCursor()
}

// pageRows is the number of body rows on screen (the header takes one).
func (m *Model) pageRows() int { return max(m.height-1, 1) }

func (m *Model) clampCursor() {
	m.cursor = min(m.cursor, len(m.view)-1)
	m.cursor = max(m.cursor, 0)
}

// scrollToCursor moves the window just enough to show the cursor.
func (m *Model) scrollToCursor() {
	page := m.pageRows()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+page {
		m.offset = m.cursor - page + 1
	}
	m.clampOffset()
}

// clampOffset keeps the window inside the rows, without empty space at the
// bottom while rows are above, and keeps the cursor inside the window.
func (m *Model) clampOffset() {
	page := m.pageRows()
	m.offset = min(m.offset, len(m.view)-page)
	m.offset = max(m.offset, 0)
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+page {
		m.offset = m.cursor - page + 1
	}
}
