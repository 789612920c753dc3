package journal

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/textsafe"
)

// Formats accepted by Write.
var Formats = []string{"table", "json", "csv"}

// Write exports acts as "table" (aligned summary rows for a terminal, every
// field sanitized), "json" (an array of objects with snake_case keys, raw
// values; JSON escaping makes them harmless) or "csv" (one row per user
// outcome, with a header; sanitized and guarded against spreadsheet
// formulas).
func Write(w io.Writer, acts []backend.Activity, format string) error {
	switch format {
	case "table", "":
		return writeTable(w, acts)
	case "json":
		return writeJSON(w, acts)
	case "csv":
		return writeCSV(w, acts)
	}
	return fmt.Errorf("unknown output format %q: use table, json or csv", format)
}

const timeLayout = "2006-01-02 15:04:05"

// writeTable writes one summary row per action through the CLI's table
// writer, so its cells are cleaned and cut exactly like `quell members`.
func writeTable(w io.Writer, acts []backend.Activity) error {
	t := textsafe.NewTable(w, "ID", "STARTED", "ACTOR", "APP", "ROOM", "ACTION", "PARAMS", "STATUS", "APPLIED", "FAILED", "UNKNOWN", "PENDING")
	for _, a := range acts {
		t.Row(a.ID, a.Started.Local().Format(timeLayout), a.Actor.Name, a.App, a.Room, string(a.Kind), a.Params, a.Status,
			strconv.Itoa(a.Applied), strconv.Itoa(a.Failed), strconv.Itoa(a.Unknown), strconv.Itoa(a.Pending))
	}
	return t.Flush()
}

type jsonResult struct {
	User      string `json:"user"`
	Status    string `json:"status"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id"`
}

type jsonActivity struct {
	ID          string       `json:"id"`
	Actor       string       `json:"actor"`
	Fingerprint string       `json:"fingerprint"`
	Host        string       `json:"host"` // the machine it ran on: teams share one journal
	StartedAt   time.Time    `json:"started_at"`
	FinishedAt  *time.Time   `json:"finished_at"`
	App         string       `json:"app"`
	Room        string       `json:"room"`
	Action      string       `json:"action"`
	Call        string       `json:"call"`
	Params      string       `json:"params"`
	Status      string       `json:"status"`
	Applied     int          `json:"applied"`
	Failed      int          `json:"failed"`
	Unknown     int          `json:"unknown"` // sent with no answer: may have been applied
	Pending     int          `json:"pending"`
	Results     []jsonResult `json:"results"`
}

func writeJSON(w io.Writer, acts []backend.Activity) error {
	out := make([]jsonActivity, 0, len(acts))
	for _, a := range acts {
		ja := jsonActivity{ID: a.ID, Actor: a.Actor.Name, Fingerprint: a.Actor.Fingerprint, Host: a.Host, StartedAt: a.Started.UTC(),
			App: a.App, Room: a.Room, Action: string(a.Kind), Call: a.Call, Params: a.Params, Status: a.Status,
			Applied: a.Applied, Failed: a.Failed, Unknown: a.Unknown, Pending: a.Pending, Results: []jsonResult{}}
		if !a.Finished.IsZero() {
			f := a.Finished.UTC()
			ja.FinishedAt = &f
		}
		for _, r := range results(a) {
			ja.Results = append(ja.Results, jsonResult(r))
		}
		out = append(out, ja)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeCSV(w io.Writer, acts []backend.Activity) error {
	cw := csv.NewWriter(w)
	header := []string{"id", "started_at", "finished_at", "actor", "fingerprint", "app", "room", "action", "call", "params",
		"action_status", "user", "status", "code", "message", "request_id"}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, a := range acts {
		finished := ""
		if !a.Finished.IsZero() {
			finished = a.Finished.UTC().Format(time.RFC3339)
		}
		head := []string{a.ID, a.Started.UTC().Format(time.RFC3339), finished, a.Actor.Name, a.Actor.Fingerprint,
			a.App, a.Room, string(a.Kind), a.Call, a.Params, a.Status}
		rs := results(a)
		if len(rs) == 0 { // a room action: still one row, so it is not lost
			rs = []result{{}}
		}
		for _, r := range rs {
			row := append(append([]string{}, head...), r.User, r.Status, r.Code, r.Message, r.RequestID)
			for i := range row {
				row[i] = csvSafe(row[i])
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe strips terminal escapes and stops a spreadsheet from running a
// hostile value as a formula (OWASP CSV injection: a leading ' defuses it).
func csvSafe(s string) string {
	s = textsafe.Clean(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

type result struct {
	User, Status, Code, Message, RequestID string
}

// results lists one entry per user of a, in request order; users with no
// outcome yet are "pending".
func results(a backend.Activity) []result {
	byUser := make(map[string]backend.UserOutcome, len(a.Outcomes))
	for _, o := range a.Outcomes {
		byUser[o.User] = o
	}
	out := make([]result, 0, len(a.Users))
	seen := map[string]bool{}
	add := func(u string) {
		if seen[u] {
			return
		}
		seen[u] = true
		r := result{User: u, Status: "pending"}
		if o, ok := byUser[u]; ok {
			r.Status, r.RequestID = string(o.Status), o.RequestID
			if o.Err != nil {
				r.Code, r.Message = o.Err.Code, o.Err.Message
				if r.Message == "" {
					r.Message = o.Err.Meaning
				}
			}
		}
		out = append(out, r)
	}
	for _, u := range a.Users {
		add(u)
	}
	for _, o := range a.Outcomes { // outcomes for users missing from Users
		add(o.User)
	}
	return out
}
