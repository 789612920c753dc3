package cli

import "fmt"

// journalFailed is the exit of an action whose results were printed but
// not all recorded: the journal failed after the action began (full disk,
// file gone read-only). It exits 1, as any failure after a request was
// sent does, so a runbook never takes an unrecorded action for a clean
// one; the engine stopped sending when the journal failed, so the users
// printed as not attempted were not reached.
func journalFailed(err error) error {
	return &exitError{code: exitFailed, err: fmt.Errorf("the journal failed to record this action: %w\n"+
		"the results above are what the vendors answered; `quell journal` may show the action as unfinished or pending\n"+
		"fix the journal, then check with `quell journal --pending` before running the action again", err)}
}
