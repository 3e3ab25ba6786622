//! Undo/redo over [`Edit`] values.
//!
//! A drag is one step because the app applies one `Move` batch on drop (the drag itself
//! only moves a preview). Selection is not part of the design, so selecting never clears redo.

use crate::edit::{Edit, EditError};
use crate::model::Design;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    /// A note the editor keeps with each step, beside it: `undo_notes[i]` is about `undo[i]`
    /// (the same for redo). The app's note is how far its view panned to follow the step (a
    /// drop or a paste that grew a container): Undo of that step pans back, Redo pans again.
    /// The view is not part of the design, so it is not in the edit; kept here, the note
    /// moves with its step through undo and redo, goes when the step is dropped, and goes
    /// with the design's history (another design has its own), without comparing edits.
    /// Not saved: a reopened design's steps have none (padded by [`History::fit_notes`]).
    #[serde(skip)]
    undo_notes: Vec<Option<StepNote>>,
    #[serde(skip)]
    redo_notes: Vec<Option<StepNote>>,
}

/// Two histories are equal when their steps are: the notes are the editor's and not saved, so
/// a history read back from a save equals the one saved (`compare_roundtrip`).
impl PartialEq for History {
    fn eq(&self, other: &Self) -> bool {
        self.undo == other.undo && self.redo == other.redo
    }
}

/// The editor's note on one step (see `History::undo_notes`): world units `(dx, dy)`.
pub type StepNote = (f64, f64);

/// How many steps are kept; older ones are dropped (memory and autosave size stay bounded).
pub const HISTORY_LIMIT: usize = 500;

impl History {
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies a new edit and records it. A failed edit changes nothing, not even redo.
    /// An edit that changes nothing (a click without a drag is a `Move` by zero, an
    /// unchanged field re-entered) is not recorded either, so it never clears redo.
    pub fn apply(&mut self, d: &mut Design, e: Edit) -> Result<(), EditError> {
        e.apply(d)?;
        self.applied(e);
        Ok(())
    }

    /// Records `e` as the newest step, already applied to the design by the caller (a paste
    /// is worked out on a copy of the design, which becomes the design: `paste::Pasted::after`),
    /// as [`History::apply`] records it after applying it.
    pub fn applied(&mut self, e: Edit) {
        if changes_nothing(&e) {
            return;
        }
        self.fit_notes();
        self.undo.push(e);
        self.undo_notes.push(None);
        if self.undo.len() > HISTORY_LIMIT {
            self.undo.remove(0);
            self.undo_notes.remove(0);
        }
        self.redo.clear();
        self.redo_notes.clear();
    }

    /// Keeps `note` with the newest step (the one the next undo reverts).
    pub fn note_newest(&mut self, note: StepNote) {
        self.fit_notes();
        if let Some(n) = self.undo_notes.last_mut() {
            *n = Some(note);
        }
    }

    /// Forgets every step's note (the steps stay): the view was reset as a whole (Fit), so
    /// the pans the steps made to follow them are no longer where the user is, and Undo or
    /// Redo must not give them back (QA s27 F3: Undo of a paste after Fit panned the fitted
    /// view 364 px off centre).
    pub fn forget_notes(&mut self) {
        self.undo_notes.iter_mut().chain(self.redo_notes.iter_mut()).for_each(|n| *n = None);
    }

    /// The note kept with the step the next undo would revert / the next redo would apply.
    pub fn next_undo_note(&self) -> Option<StepNote> {
        (self.undo_notes.len() == self.undo.len()).then(|| self.undo_notes.last().copied().flatten()).flatten()
    }
    pub fn next_redo_note(&self) -> Option<StepNote> {
        (self.redo_notes.len() == self.redo.len()).then(|| self.redo_notes.last().copied().flatten()).flatten()
    }

    /// One note slot per step: a history read from a save has steps and no notes (older
    /// steps first, so the slots are added at the front).
    fn fit_notes(&mut self) {
        fn fit(notes: &mut Vec<Option<StepNote>>, steps: usize) {
            if notes.len() != steps {
                let mut fitted = vec![None; steps.saturating_sub(notes.len())];
                fitted.extend(notes.drain(..).rev().take(steps).rev());
                *notes = fitted;
            }
        }
        fit(&mut self.undo_notes, self.undo.len());
        fit(&mut self.redo_notes, self.redo.len());
    }

    /// Undoes the newest step. Returns the edit that was undone, if any.
    pub fn undo(&mut self, d: &mut Design) -> Result<Option<&Edit>, EditError> {
        self.fit_notes();
        let Some(e) = self.undo.pop() else { return Ok(None) };
        if let Err(x) = e.invert().apply(d) {
            self.undo.push(e);
            return Err(x);
        }
        let note = self.undo_notes.pop().flatten();
        self.redo.push(e);
        self.redo_notes.push(note);
        Ok(self.redo.last())
    }

    pub fn redo(&mut self, d: &mut Design) -> Result<Option<&Edit>, EditError> {
        self.fit_notes();
        let Some(e) = self.redo.pop() else { return Ok(None) };
        if let Err(x) = e.apply(d) {
            self.redo.push(e);
            return Err(x);
        }
        let note = self.redo_notes.pop().flatten();
        self.undo.push(e);
        self.undo_notes.push(note);
        Ok(self.undo.last())
    }

    /// The edit the next undo would revert / the next redo would apply.
    pub fn next_undo(&self) -> Option<&Edit> {
        self.undo.last()
    }
    pub fn next_redo(&self) -> Option<&Edit> {
        self.redo.last()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
    /// What the next undo reverts, naming components by their labels in `d` (the current
    /// design, which the edit was applied to).
    pub fn undo_label(&self, d: &Design) -> Option<String> {
        self.undo.last().map(|e| e.describe(d))
    }
    /// What the next redo applies, named from `d` (the current design, before the edit).
    pub fn redo_label(&self, d: &Design) -> Option<String> {
        self.redo.last().map(|e| e.describe(d))
    }
    /// The steps an undo would revert, oldest first (the newest is last). A Switch in Compare
    /// reads the Switches just made on a service here, so a switch back restores it as it was
    /// (`compare::apply_container_option_after`).
    pub fn done(&self) -> &[Edit] {
        &self.undo
    }
    pub fn len(&self) -> (usize, usize) {
        (self.undo.len(), self.redo.len())
    }
    pub fn is_empty(&self) -> bool {
        self.undo.is_empty() && self.redo.is_empty()
    }
}

/// Whether an (applicable) edit leaves the design as it was.
fn changes_nothing(e: &Edit) -> bool {
    use Edit::*;
    match e {
        AddNode { .. } | RemoveNode { .. } | Connect { .. } | Disconnect { .. } => false,
        Move { before, after, .. } | Resize { before, after, .. } => before == after,
        Reparent { before, after, .. } => before == after,
        SetSpan { before, after, .. } => before == after,
        SetProp { before, after, .. } => before == after,
        SetLabel { before, after, .. } => before == after,
        SetIngress { before, after, .. } => before == after,
        SetSuppressions { before, after, .. } => before == after,
        UpdateConnection { before, after } => before == after,
        SetWorkload { before, after } => before == after,
        Rename { before, after } | SetRegion { before, after } => before == after,
        AddScenario { .. } | RemoveScenario { .. } => false,
        UpdateScenario { before, after } => before == after,
        Batch { edits, .. } => edits.iter().all(changes_nothing),
    }
}
