package list

import (
	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sahilm/fuzzy"
)

// asyncRows is the size from which a table set async refreshes off the
// update loop: building and merging 100,000 member rows took 75 ms on the
// loop (2 cores), and keys typed meanwhile waited.
const asyncRows = 20_000

// rowsJob is a refresh built and merged off the update loop.
type rowsJob struct {
	build     func() []Row
	in        mergeInput
	started   bool
	cancelled atomic.Bool
}

// RowsDoneMsg is a background refresh's answer, for ApplyRows.
type RowsDoneMsg struct {
	job  *rowsJob
	rows []Row
	p    *merged
}

// SetRowsLater is SetRows with the rows build returns, about n of them. A
// table set async that holds asyncRows rows or more, or is about to (n: a
// first load of a large room), builds and merges them off the update loop
// (Work), and shows its rows (or "loading…") until the answer; a smaller
// one calls build at once. build must not read what the loop may change
// meanwhile: give it a copy of the data.
func (m *Model) SetRowsLater(n int, build func() []Row) {
	if !m.async || max(n, len(m.rows)) < asyncRows {
		m.SetRows(build())
		return
	}
	m.startRowsJob(build)
}

func (m *Model) startRowsJob(build func() []Row) {
	m.dropRowsJob()
	m.rowsJob = &rowsJob{build: build, in: m.mergeInput(false)}
	m.rowsShared, m.mapShared = true, true
}

func (m *Model) dropRowsJob() {
	if m.rowsJob != nil {
		m.rowsJob.cancelled.Store(true)
		m.rowsJob = nil
	}
}

// Refreshing reports whether a background refresh is still out.
func (m Model) Refreshing() bool { return m.rowsJob != nil }

// Work returns the commands that run the table's pending background work,
// each once: a fuzzy pass, a refresh. nil when there is none to start.
func (m *Model) Work() tea.Cmd {
	var cmds []tea.Cmd
	if j := m.job; j != nil && !j.started {
		j.started = true
		cmds = append(cmds, j.run)
	}
	if rj := m.rowsJob; rj != nil && !rj.started {
		rj.started = true
		cmds = append(cmds, rj.run)
	}
	return tea.Batch(cmds...)
}

func (j *fuzzyJob) run() tea.Msg {
	const chunk = 4096
	var rows []int
	for lo := 0; lo < len(j.text); lo += chunk {
		if j.cancelled.Load() {
			return nil // superseded: nobody waits for it
		}
		hi := min(lo+chunk, len(j.text))
		for _, mt := range fuzzy.FindNoSort(j.q, j.text[lo:hi]) {
			rows = append(rows, j.idx[lo+mt.Index])
		}
	}
	return FilterDoneMsg{job: j, rows: rows}
}

func (j *rowsJob) run() tea.Msg {
	rows := j.build()
	if j.cancelled.Load() {
		return nil
	}
	return RowsDoneMsg{job: j, rows: rows, p: j.in.merge(rows)}
}

// ApplyRows swaps in a background refresh's rows, as SetRows would. An
// answer to a refresh since replaced is dropped; one merged for a sort or
// filter since changed is merged again (off the loop) with the rows it
// brought. It reports whether the rows were swapped in.
func (m *Model) ApplyRows(msg RowsDoneMsg) bool {
	j := m.rowsJob
	if j == nil || msg.job != j {
		return false
	}
	m.rowsJob = nil
	if j.in.sortCol != m.sortCol || j.in.desc != m.desc || j.in.filter != m.filter {
		rows := msg.rows
		m.startRowsJob(func() []Row { return rows })
		return false
	}
	m.applyMerge(msg.p)
	return true
}

// Answer hands msg to the table if it is an answer of its background work
// (FilterDoneMsg, RowsDoneMsg), and reports whether it was one.
func (m *Model) Answer(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case FilterDoneMsg:
		m.ApplyFilter(msg)
		return true
	case RowsDoneMsg:
		m.ApplyRows(msg)
		return true
	}
	return false
}
