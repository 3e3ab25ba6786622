//! The app's signals, in one `Copy` struct provided as context. Components read and write
//! them; every change to the design goes through [`AppState::apply`] (an engine `Edit`), so
//! undo/redo and autosave see every change.

use cloudwright_engine::{ConnId, Design, Edit, History, NodeId};
use leptos::prelude::*;
use std::collections::BTreeSet;

/// Pan and zoom: screen = world * zoom + (tx, ty).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct View {
    pub tx: f64,
    pub ty: f64,
    pub zoom: f64,
}

impl Default for View {
    fn default() -> Self {
        View { tx: 40.0, ty: 40.0, zoom: 1.0 }
    }
}

impl View {
    pub fn to_world(&self, sx: f64, sy: f64) -> (f64, f64) {
        ((sx - self.tx) / self.zoom, (sy - self.ty) / self.zoom)
    }
    /// Zooms by `factor` keeping the screen point (sx, sy) fixed.
    pub fn zoom_at(&self, factor: f64, sx: f64, sy: f64) -> View {
        // Rounded to whole percent, so ten 10% steps in and out come back to where they began.
        let zoom = ((self.zoom * factor).clamp(crate::geometry::MIN_ZOOM, 4.0) * 100.0).round() / 100.0;
        let (wx, wy) = self.to_world(sx, sy);
        View { tx: sx - wx * zoom, ty: sy - wy * zoom, zoom }
    }
    /// This view's zoom, panned so that `r`'s middle is at the middle of a canvas of `size`
    /// px: Fit (at the zoom it chose) and a paste the view moves to show.
    pub fn centre_on(&self, r: cloudwright_engine::Rect, size: (f64, f64)) -> View {
        View { tx: size.0 / 2.0 - (r.x + r.w / 2.0) * self.zoom, ty: size.1 / 2.0 - (r.y + r.h / 2.0) * self.zoom, zoom: self.zoom }
    }
}

/// Nodes being dragged (the selection and everything inside it). Set once when a drag
/// starts; the pointer's offset lives in its own signal so a pointer move touches only the
/// dragged nodes' transforms, never the design or the analyses.
#[derive(Clone, Debug, PartialEq)]
pub struct Drag {
    pub ids: BTreeSet<NodeId>,
    /// The nodes the user grabbed (not their descendants): these may change container.
    pub roots: Vec<NodeId>,
    /// What the rules say of the moved node's way out in each subnet, asked once for the whole
    /// drag (the design does not change while it lasts) by the preview and the drop
    /// (`place::aimed_parent_in`, `place::band_target_in`; review s34 R1: the rules' topology
    /// was built at every pointer move over a gap between subnets).
    pub strands: DragStrands,
}

/// A drag's [`cloudwright_engine::diagram::place::Strands`], shared by the drag's copies; two
/// are equal when they are the same one (a memo: its answers follow from the design).
#[derive(Clone, Debug, Default)]
pub struct DragStrands(pub std::sync::Arc<cloudwright_engine::diagram::place::Strands>);

impl PartialEq for DragStrands {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

/// How long a note that the view moved stays when the view does not move, ms.
pub const VIEW_NOTE_MS: u64 = 15_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub text: String,
    pub error: bool,
    /// Where the user acted, in canvas pixels: the toast is shown at its x (`toast.rs`); None: centred.
    pub at: Option<(f64, f64)>,
    /// An action button (e.g. "Undo") and what it does.
    pub action: Option<ToastAction>,
    /// Its number, unique for the page's life: its timer takes it away only while it is shown.
    pub seq: u64,
    /// A note that the view moved to show something ("… the view moved to show them"), with
    /// the view it moved to: once the view moves again (Undo pans back, the user pans or
    /// fits) it is no longer true and goes (`AppState::drop_view_note`, `ToastView`; QA s26
    /// P-6b: it stayed over the pasted copy after Fit). None for any other message.
    pub view_note: Option<View>,
    /// A note of what is going on for as long as it goes on ([`AppState::note_while`]): no
    /// close button (it comes back anyway while the wait lasts).
    pub standing: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ToastAction {
    RestoreDeletedDesign(String),
    ExportDesign,
}

/// Whether this tab may change the open design (see `tabs`: one tab edits, others watch).
#[derive(Clone, Debug, PartialEq)]
pub enum Access {
    /// Asking for the design's edit lock: edits are allowed, saves wait for the answer.
    Opening,
    Editing,
    /// Another tab edits this design: edits are refused; the text says why.
    ReadOnly(String),
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub design: RwSignal<Design>,
    pub history: RwSignal<History>,
    pub selection: RwSignal<BTreeSet<NodeId>>,
    pub selected_conn: RwSignal<Option<ConnId>>,
    pub view: RwSignal<View>,
    pub drag: RwSignal<Option<Drag>>,
    /// What the pointer is doing on the canvas (`canvas::Mode`): the canvas sets it; the
    /// window-wide Escape (`keyboard`) reads it, so a gesture's Escape only cancels it.
    pub canvas_mode: RwSignal<crate::canvas::Mode>,
    pub drag_offset: RwSignal<(f64, f64)>,
    pub toast: RwSignal<Option<Toast>>,
    /// Bumped on every applied change: autosave saves when it differs from `saved_revision`.
    pub revision: RwSignal<u64>,
    /// Bumped on every undo and redo that moved the history (the keys or the toolbar's
    /// buttons): a refused value's error under a field goes with it (QA s23 #8: the toolbar's
    /// Undo left it, where Ctrl+Z in the field took it away).
    pub history_moves: RwSignal<u64>,
    /// Bumped only when something the analyses read changed (not on moves and resizes):
    /// findings, cost and latency recompute on it.
    pub analysis_rev: RwSignal<u64>,
    /// The id of the open design in browser storage.
    pub design_id: RwSignal<String>,
    /// Set when browser storage refused a save (full or unavailable).
    pub storage_problem: RwSignal<Option<String>>,
    /// The `revision` last written to storage; autosave saves while they differ.
    pub saved_revision: RwSignal<u64>,
    /// Whether this tab edits the design or watches another tab edit it.
    pub access: RwSignal<Access>,
    /// Set when a save found the design saved by another tab since this tab loaded it:
    /// this tab's changes are kept in memory, not saved, until the user chooses.
    pub conflict: RwSignal<bool>,
    /// Import errors to show in a dialog (the current design is untouched).
    pub import_errors: RwSignal<Option<(String, Vec<String>)>>,
    pub show_help: RwSignal<bool>,
    pub show_designs: RwSignal<bool>,
    pub canvas_size: RwSignal<(f64, f64)>,
    /// Another view whose area the canvas draws too, besides its own (`canvas`'s visible set;
    /// None: only the view's). A paste's follow pan (`actions`) makes the copies' views in the
    /// area it is about to show a task before it pans, and keeps the area it leaves drawn until
    /// a task after its frame, so that neither making the copies' views nor taking down those
    /// left behind is in the task that pans (issue 20). What lies only there is out of the
    /// view (and its 200 px margin): nothing shows it, nothing can be pressed there.
    pub also_drawn: RwSignal<Option<View>>,
    /// The what-if scenario the analyses show (its id), `None` for the baseline. A view
    /// state, not part of the design: edits always change the base design, and the shown
    /// scenario is re-applied to it (see `scenario_panel`).
    pub active_scenario: RwSignal<Option<String>>,
    /// Whether the minimap is shown (collapsed to a button otherwise). Fit keeps the diagram
    /// clear of it.
    pub minimap_open: RwSignal<bool>,
    /// Presentation mode (`present`): full screen, figures only; nothing can change the design.
    pub presenting: RwSignal<bool>,
    /// The hand-over report is open (`report_view`).
    pub show_report: RwSignal<bool>,
}

/// What an edit tried while presenting is told (`AppState::may_edit`); taken away when the
/// presentation ends (`present::leave`: QA s58 G5, it stayed 4.5 s over the editor, telling to
/// press the Escape just pressed).
pub const PRESENTING_REFUSED: &str = "Presentation mode: the design cannot be changed here. Press Escape to return to editing.";

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

thread_local! {
    /// The last number given to a toast ([`Toast::seq`]).
    static TOAST_SEQ: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    /// A message said again by the next one while it is shown ([`AppState::info_kept`]): its
    /// number and text.
    static KEPT: std::cell::RefCell<Option<(u64, String)>> = const { std::cell::RefCell::new(None) };
    /// The open the user asked for last ([`OpenAsk`]): its number, and the stored design it
    /// opens if it opens one from the designs list.
    static LAST_ASK: std::cell::RefCell<(u64, Option<String>)> = const { std::cell::RefCell::new((0, None)) };
    /// The notes of what is going on ([`AppState::note_while`]) while it goes on, the latest
    /// last: the number each was given first (its handle for [`AppState::take_toast`]), the
    /// number of its showing now, and its text. The latest is shown again when a message that
    /// replaced it goes ([`AppState::note_again`]); when one is taken the one before it shows
    /// (review s58 R2: one slot for two waits — a paste's end took away the note of an older
    /// design still being read).
    static STANDING: std::cell::RefCell<Vec<(u64, u64, String)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// An open of another design the user asked for that may wait (an import or a stored design of
/// an older format waits for the full reader's code; a template for its file): the last one asked
/// wins. It opens only if no open was asked after it and the design open then is still the one
/// that was open when it was asked (QA s56 F2: an older-format import waiting for the reader
/// replaced the design the user had opened after it).
pub struct OpenAsk {
    /// Asks are numbered in order for the page's life.
    seq: u64,
    /// The design open when it was asked.
    design_id: String,
    /// The stored design it opens ([`AppState::ask_open_stored`]), if it opens one.
    opens: Option<String>,
}

impl AppState {
    pub fn new(design: Design, history: History, view: View, design_id: String) -> Self {
        AppState {
            design: RwSignal::new(design),
            history: RwSignal::new(history),
            selection: RwSignal::new(BTreeSet::new()),
            selected_conn: RwSignal::new(None),
            view: RwSignal::new(view),
            drag: RwSignal::new(None),
            canvas_mode: RwSignal::new(crate::canvas::Mode::Idle),
            drag_offset: RwSignal::new((0.0, 0.0)),
            toast: RwSignal::new(None),
            revision: RwSignal::new(0),
            history_moves: RwSignal::new(0),
            analysis_rev: RwSignal::new(0),
            design_id: RwSignal::new(design_id),
            storage_problem: RwSignal::new(None),
            saved_revision: RwSignal::new(0),
            access: RwSignal::new(Access::Opening),
            conflict: RwSignal::new(false),
            import_errors: RwSignal::new(None),
            show_help: RwSignal::new(false),
            show_designs: RwSignal::new(false),
            canvas_size: RwSignal::new((1000.0, 700.0)),
            also_drawn: RwSignal::new(None),
            active_scenario: RwSignal::new(None),
            minimap_open: RwSignal::new(true),
            presenting: RwSignal::new(false),
            show_report: RwSignal::new(false),
        }
    }

    /// Applies an edit through the history. On refusal the design is untouched and the
    /// reason is shown at `at` (canvas pixels) or at the top.
    pub fn apply_at(&self, e: Edit, at: Option<(f64, f64)>) -> bool {
        // A paste worked out and not yet applied goes first (`actions::paste_clip`).
        crate::actions::flush_pending_paste();
        if !self.may_edit(at) {
            return false;
        }
        let layout_only = e.is_layout_only();
        let sent = e.clone();
        let mut result = Ok(());
        self.design.maybe_update(|d| {
            self.history.update(|h| result = h.apply(d, e));
            result.is_ok()
        });
        match result {
            Ok(()) => {
                crate::analysis_worker::record(sent);
                self.after_change(layout_only);
                true
            }
            Err(err) => {
                self.error_at(err.0, at);
                false
            }
        }
    }

    pub fn apply(&self, e: Edit) -> bool {
        self.apply_at(e, None)
    }

    /// [`AppState::apply`] of an edit already applied to a copy of the design, `after`
    /// (a paste, worked out on a copy in its key's task: `paste::Pasted::after`): `after`
    /// becomes the design, instead of the edit being applied a second time in the paste's
    /// apply task (issue 20, s47-paste). Only for an edit worked out on the design as it is
    /// now: nothing may change the design in between (`actions::flush_pending_paste` runs
    /// first in every change, as for any paste waiting).
    pub fn apply_worked_out(&self, e: Edit, after: cloudwright_engine::Design) -> bool {
        if !self.may_edit(None) {
            return false;
        }
        let layout_only = e.is_layout_only();
        let sent = e.clone();
        let mut before = None;
        self.design.update(|d| {
            before = Some(std::mem::replace(d, after));
            self.history.update(|h| h.applied(e));
        });
        crate::analysis_worker::record(sent);
        // The design before the paste is freed once the page is idle, not in the paste's
        // apply task (every node's strings: ~14,000 blocks on a 1,000-node estate, s43-drop).
        crate::idle::when_idle(500, move || drop(before));
        self.after_change(layout_only);
        true
    }

    /// False (and the user told why) when this tab only watches the design, or presents it:
    /// every change (edits, undo, redo) passes here, so presentation mode cannot change the
    /// design by accident.
    pub fn may_edit(&self, at: Option<(f64, f64)>) -> bool {
        // An action waiting for its code (a paste, Tidy up: `action_queue`) comes first: an
        // edit made now from the inspector, the palette's search or a panel would land before
        // it, out of order (QA s56 F3: a rename went to the original, not to the copy the
        // paste then selected). Refused with the note; the keys are queued instead
        // (`keyboard::install`), and the waiting items themselves run as `action_queue` runs them.
        if crate::action_queue::waiting() {
            crate::action_queue::note(*self);
            return false;
        }
        if self.presenting.get_untracked() {
            self.error_at(PRESENTING_REFUSED, at);
            return false;
        }
        match self.access.get_untracked() {
            Access::ReadOnly(_) if crate::share::is_shared(self) => {
                self.error_at("This shared design is read-only. Use \"Keep a copy\" to make it one of your designs and edit it.", at);
                false
            }
            Access::ReadOnly(_) => {
                self.error_at("This tab is read-only: the design is being edited in another tab. Use \"Edit here instead\" to edit it here.", at);
                false
            }
            _ => true,
        }
    }

    /// Remembers that the view panned by `by` (world units) to follow the newest history
    /// entry (a drop or a paste that grew a container, QA s25 1e): its Undo pans back, its
    /// Redo pans again. The pan is kept with the entry itself (`History::note_newest`), so
    /// Undo and Redo read it by position, and it goes with the design's history.
    pub fn remember_follow_pan(&self, by: (f64, f64)) {
        self.history.update_untracked(|h| h.note_newest(by));
    }

    /// Pans the view by `by` world units (at its zoom), never zooming.
    pub fn pan_by(&self, (dx, dy): (f64, f64)) {
        if dx != 0.0 || dy != 0.0 {
            self.view.update(|v| {
                v.tx -= dx * v.zoom;
                v.ty -= dy * v.zoom;
            });
        }
    }

    pub fn undo(&self) {
        // Ctrl+Z right after Ctrl+V undoes the paste, applied first (`actions::paste_clip`).
        crate::actions::flush_pending_paste();
        if !self.may_edit(None) {
            return;
        }
        let pan_back = self.history.with_untracked(History::next_undo_note);
        let layout_only = self.history.with_untracked(|h| h.next_undo().is_some_and(Edit::is_layout_only));
        let mut result = Ok(false);
        let mut applied = None;
        self.design.maybe_update(|d| {
            self.history.update(|h| result = h.undo(d).map(|e| { applied = e.map(Edit::invert); applied.is_some() }));
            matches!(result, Ok(true))
        });
        match result {
            Ok(true) => {
                applied.into_iter().for_each(crate::analysis_worker::record);
                self.after_change(layout_only);
                self.history_moves.update(|n| *n += 1);
                if let Some((dx, dy)) = pan_back {
                    self.pan_by((-dx, -dy));
                    // A note that the view moved ("… the view moved to show them") is about
                    // the move this undo takes back; any other message stays.
                    self.drop_view_note();
                    // The view is the one the user had before the edit, by construction: not
                    // fitted, even where it shows no component (inside a large container).
                } else {
                    self.keep_design_in_view();
                }
            }
            Ok(false) => {}
            Err(e) => self.error_at(format!("Cannot undo: {e}"), None),
        }
    }

    pub fn redo(&self) {
        crate::actions::flush_pending_paste();
        if !self.may_edit(None) {
            return;
        }
        let layout_only = self.history.with_untracked(|h| h.next_redo().is_some_and(Edit::is_layout_only));
        let pan_again = self.history.with_untracked(History::next_redo_note);
        let mut result = Ok(false);
        let mut applied = None;
        self.design.maybe_update(|d| {
            self.history.update(|h| result = h.redo(d).map(|e| { applied = e.cloned(); applied.is_some() }));
            matches!(result, Ok(true))
        });
        match result {
            Ok(true) => {
                applied.into_iter().for_each(crate::analysis_worker::record);
                self.after_change(layout_only);
                self.history_moves.update(|n| *n += 1);
                // The view the edit moved to when it was made (not fitted), or kept in view.
                if let Some(by) = pan_again {
                    self.pan_by(by);
                } else {
                    self.keep_design_in_view();
                }
            }
            Ok(false) => {}
            Err(e) => self.error_at(format!("Cannot redo: {e}"), None),
        }
    }

    /// After an undo or a redo: when no component is left in view, the view is fitted to
    /// the design. An undone "Tidy up" on a large design puts the old layout back where the
    /// view (fitted to the tidy one) is not, and the canvas showed nothing until Fit. Fit, not
    /// the least pan that brings some node back: Tidy up and opening a design fit too, and an
    /// edge of the layout would show an arbitrary corner. A view that still shows part of
    /// the design is left alone, so undoing a local edit never moves the view.
    fn keep_design_in_view(&self) {
        let area = crate::placing::visible_world(self);
        let lost = self.design.with_untracked(|d| !d.layout.is_empty() && !crate::geometry::shows_a_component(d, &area));
        if lost {
            crate::actions::zoom_to_fit(self);
        }
    }

    fn after_change(&self, layout_only: bool) {
        // Drop selected ids that no longer exist (after a delete or an undo of an add).
        let d = self.design.read_untracked();
        let stale = self.selection.with_untracked(|s| s.iter().any(|id| !d.nodes.contains_key(id)));
        if stale {
            self.selection.update(|s| s.retain(|id| d.nodes.contains_key(id)));
        }
        if let Some(c) = self.selected_conn.get_untracked() {
            if !d.connections.contains_key(&c) {
                self.selected_conn.set(None);
            }
        }
        drop(d);
        self.revision.update(|r| *r += 1);
        if !layout_only {
            self.analysis_rev.update(|r| *r += 1);
            // The worker's request goes now, before the views redraw (after this handler):
            // the worker computes while the page paints the edit (BENCHMARKS.md, s27-edit).
            crate::analysis_worker::request_early(self.analysis_rev.get_untracked(), self.active_scenario.get_untracked());
        }
    }

    /// Records an open the user asks for now ([`OpenAsk`]): an import, a template, a new design.
    pub fn ask_open(&self) -> OpenAsk {
        self.ask(None)
    }

    /// Records an open of stored design `id` (the designs list's Open) the user asks for now.
    pub fn ask_open_stored(&self, id: &str) -> OpenAsk {
        self.ask(Some(id.to_string()))
    }

    fn ask(&self, opens: Option<String>) -> OpenAsk {
        let seq = LAST_ASK.with_borrow_mut(|last| {
            *last = (last.0 + 1, opens.clone());
            last.0
        });
        OpenAsk { seq, design_id: self.design_id.get_untracked(), opens }
    }

    /// Whether open `ask` may still open its design: no open was asked after it, and no other
    /// design was opened meanwhile.
    pub fn still_wanted(&self, ask: &OpenAsk) -> bool {
        LAST_ASK.with_borrow(|last| last.0 == ask.seq) && self.design_id.with_untracked(|id| *id == ask.design_id)
    }

    /// Whether the open asked last, after `ask`, opens the same stored design (Open pressed
    /// twice): that one opens it, and `ask` need not be said not opened (QA s58 G4). Only a
    /// later Open of the same design: an open of anything else overtook it (review s58 R3).
    pub fn asked_again(&self, ask: &OpenAsk) -> bool {
        LAST_ASK.with_borrow(|(seq, opens)| *seq != ask.seq && ask.opens.is_some() && *opens == ask.opens)
    }

    /// Opens a design just read from storage: the same as [`AppState::replace`], but there
    /// is nothing to save.
    pub fn replace_loaded(&self, id: String, design: Design, history: History, view: View) {
        self.replace(id, design, history, view);
        self.saved_revision.set(self.revision.get_untracked());
    }

    /// Opens another design (from the list, an import or a template); autosave saves it.
    pub fn replace(&self, id: String, design: Design, history: History, view: View) {
        // A paste waiting to be applied belongs to the design it was made in.
        crate::actions::flush_pending_paste();
        // One still waiting for its code would land in this design (review s55 R1). Said with
        // the message of the opening (an import's, a template's) that comes next: alone, it
        // was replaced before it was painted (QA s38 G6).
        if let Some(said) = crate::action_queue::drop_waiting("another design was opened while its code was on its way.") {
            self.info_kept(said);
        }
        self.take_standing();
        self.selection.set(BTreeSet::new());
        self.selected_conn.set(None);
        self.drag.set(None);
        self.conflict.set(false);
        self.active_scenario.set(None);
        self.design_id.set(id);
        self.history.set(history);
        self.design.set(design);
        self.view.set(view);
        self.revision.update(|r| *r += 1);
        self.analysis_rev.update(|r| *r += 1);
    }

    pub fn info(&self, text: impl Into<String>) {
        self.toast_with(text.into(), false, None, None);
    }
    /// A message that stays until [`AppState::take_toast`] takes it away: what is going on for
    /// as long as it goes on ("Pasting…", `action_queue`). Another message may replace it; when
    /// that one goes, it shows again ([`AppState::note_again`]: QA s56 F4, the note was lost for
    /// good when a placement's message replaced it). It has no close button. Returns its number
    /// ([`Toast::seq`]), the handle `take_toast` takes.
    pub fn note_while(&self, text: impl Into<String>) -> u64 {
        let text: String = text.into();
        let seq = self.toast_full(text.clone(), false, None, None, None, true);
        STANDING.with_borrow_mut(|s| s.push((seq, seq, text)));
        seq
    }
    /// Shows note `handle` ([`AppState::note_while`]'s number) again if it still stands and
    /// another message replaced it; true if it stands. A refusal said with the note shows the
    /// same note, not a second one (QA s59 #1: each refused click stacked another "Pasting…",
    /// and the ones under the newest came back for good once the paste had landed).
    pub fn show_note(&self, handle: u64) -> bool {
        let Some((showing, text)) = STANDING.with_borrow(|s| s.iter().find(|(h, _, _)| *h == handle).map(|(_, showing, text)| (*showing, text.clone()))) else {
            return false;
        };
        if self.toast.with_untracked(|t| t.as_ref().is_none_or(|t| t.seq != showing)) {
            let seq = self.toast_full(text, false, None, None, None, true);
            STANDING.with_borrow_mut(|s| {
                if let Some(note) = s.iter_mut().find(|(h, _, _)| *h == handle) {
                    note.1 = seq;
                }
            });
        }
        true
    }
    /// Takes away toast `seq` if it is still shown; for a note of what is going on
    /// ([`AppState::note_while`]'s number), its showing now, and it does not come back.
    pub fn take_toast(&self, seq: u64) {
        let showing = STANDING.with_borrow_mut(|s| match s.iter().position(|&(handle, _, _)| handle == seq) {
            Some(at) => s.remove(at).1,
            None => seq,
        });
        if self.toast.with_untracked(|t| t.as_ref().is_some_and(|t| t.seq == showing)) {
            self.toast.set(None);
            // The note of another wait still going on shows again.
            self.note_again();
        }
    }
    /// Takes away every note of what is going on: another design was opened, and what they
    /// said was about the one before (review s58 R1: "Opening "X"…" stayed over the design
    /// opened after it while X's reader was on its way, for good if its fetch stalled).
    fn take_standing(&self) {
        for (handle, _, _) in STANDING.with_borrow(|s| s.clone()) {
            self.take_toast(handle);
        }
    }
    /// Shows the latest note of what is going on again, if one goes on and no message is shown
    /// (the one that replaced it went: its time ran out, or its × was pressed). `ToastView`
    /// calls it when the toast goes.
    pub fn note_again(&self) {
        if self.toast.with_untracked(Option::is_some) {
            return;
        }
        let Some(text) = STANDING.with_borrow(|s| s.last().map(|(_, _, t)| t.clone())) else { return };
        let seq = self.toast_full(text, false, None, None, None, true);
        STANDING.with_borrow_mut(|s| {
            if let Some((_, showing, _)) = s.last_mut() {
                *showing = seq;
            }
        });
    }
    /// A message that the next one, if it comes while this is still shown, says too (after its
    /// own): a side effect said as its cause happens, whose cause then says what it did (a
    /// waiting paste dropped as another design opens, then "Imported …"; QA s38 G6).
    pub fn info_kept(&self, text: impl Into<String>) {
        let text: String = text.into();
        let seq = self.toast_full(text.clone(), false, None, None, None, false);
        KEPT.with_borrow_mut(|k| *k = Some((seq, text)));
    }
    /// A note that the view just moved to show something (see `Toast::view_note`).
    pub fn note_view_moved(&self, text: impl Into<String>) {
        let now = self.view.get_untracked();
        self.toast_noting(text.into(), false, None, None, Some(now));
    }
    /// Takes away a note that the view moved, once the view is no longer the one it was
    /// about; any other message stays.
    pub fn drop_view_note(&self) {
        let now = self.view.get_untracked();
        if self.toast.with_untracked(|t| t.as_ref().is_some_and(|t| t.view_note.is_some_and(|v| v != now))) {
            self.toast.set(None);
        }
    }
    pub fn error_at(&self, text: impl Into<String>, at: Option<(f64, f64)>) {
        self.toast_with(text.into(), true, at, None);
    }
    pub fn toast_with(&self, text: String, error: bool, at: Option<(f64, f64)>, action: Option<ToastAction>) {
        self.toast_noting(text, error, at, action, None);
    }
    /// [`AppState::toast_with`]; `view_note`: the view it is about ([`Toast::view_note`]).
    fn toast_noting(&self, text: String, error: bool, at: Option<(f64, f64)>, action: Option<ToastAction>, view_note: Option<View>) {
        self.toast_full(text, error, at, action, view_note, false);
    }
    /// An error shown as long as its length takes to read (`text::reading_ms`: 1.5 s and 0.25 s
    /// a word), at least an error's 4.5 s and at most 20 s; its × takes it away at once (QA s58
    /// F8: a 61-word message that alone said which keys were lost went after 4.5 s).
    pub fn error_to_read(&self, text: impl Into<String>) {
        let text: String = text.into();
        let ms = cloudwright_engine::text::reading_ms(&text, 4500);
        self.toast_lasting(text, true, None, None, None, false, Some(ms));
    }
    /// [`AppState::toast_noting`]; `stays`: no timer takes it away ([`AppState::note_while`]).
    fn toast_full(&self, text: String, error: bool, at: Option<(f64, f64)>, action: Option<ToastAction>, view_note: Option<View>, stays: bool) -> u64 {
        self.toast_lasting(text, error, at, action, view_note, stays, None)
    }
    /// [`AppState::toast_full`], shown `ms` milliseconds if given (else by its kind).
    #[allow(clippy::too_many_arguments)]
    fn toast_lasting(&self, text: String, error: bool, at: Option<(f64, f64)>, action: Option<ToastAction>, view_note: Option<View>, stays: bool, ms: Option<u64>) -> u64 {
        // A kept message still shown is said again with this one ([`AppState::info_kept`]).
        let kept = KEPT.with_borrow_mut(Option::take).filter(|(seq, _)| self.toast.with_untracked(|t| t.as_ref().is_some_and(|t| t.seq == *seq)));
        let text = match kept {
            Some((_, kept)) => cloudwright_engine::text::sentences(&[text, kept]),
            None => text,
        };
        // One rule for every message: a toast is a sentence (or several) and ends with a full
        // stop, added here unless it ends one already (QA s29 F2, s30 F5: "Copied 7
        // components", "Nothing to paste: … (Ctrl+C)" and a dozen others had none).
        let text = cloudwright_engine::text::sentences(&[text]);
        // Numbered for the page's life, not from the toast shown: after a close (×, or a
        // toast taken away) the next one counted from none again got the number of the one
        // just closed, and that one's timer took the new toast away early — a refusal shown
        // for under 200 ms, as if the drop had been silently refused (QA s28 F3).
        let seq = TOAST_SEQ.with(|n| {
            n.set(n.get() + 1);
            n.get()
        });
        let has_action = action.is_some();
        let noting = view_note.is_some();
        self.toast.set(Some(Toast { text, error, at, action, seq, view_note, standing: stays }));
        if stays {
            return seq;
        }
        let toast = self.toast;
        set_timeout(
            move || {
                if toast.with_untracked(|t| t.as_ref().map(|t| t.seq) == Some(seq)) {
                    toast.set(None);
                }
            },
            // Long enough to read a sentence or two (an error a little longer), short
            // enough not to linger; the close button takes it away at once.
            // A message with a button (Undo, Export) stays longer: it asks for an action.
            // A note that the view moved stays until the view moves (`drop_view_note`), or
            // 15 s: the user is looking at the view it jumped to, and may not have read why
            // (QA s27 F10: a 20-word note went after 3 s).
            std::time::Duration::from_millis(ms.unwrap_or(if noting { VIEW_NOTE_MS } else if has_action { 8000 } else if error { 4500 } else { 3000 })),
        );
        seq
    }

    pub fn select_only(&self, id: NodeId) {
        self.selected_conn.set(None);
        self.selection.set(BTreeSet::from([id]));
    }
}
