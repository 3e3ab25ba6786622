//! Undo/redo over [`Edit`] values.
//!
//! A drag is one step because the app applies one `Move` batch on drop (the drag itself
//! only moves a preview). Selection is not part of the design, so selecting never clears redo.

use crate::edit::{Edit, EditError};
use crate::model::Design;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
}

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
        if changes_nothing(&e) {
            return Ok(());
        }
        self.undo.push(e);
        if self.undo.len() > HISTORY_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        Ok(())
    }

    /// Undoes the newest step. Returns the edit that was undone, if any.
    pub fn undo(&mut self, d: &mut Design) -> Result<Option<&Edit>, EditError> {
        let Some(e) = self.undo.pop() else { return Ok(None) };
        if let Err(x) = e.invert().apply(d) {
            self.undo.push(e);
            return Err(x);
        }
        self.redo.push(e);
        Ok(self.redo.last())
    }

    pub fn redo(&mut self, d: &mut Design) -> Result<Option<&Edit>, EditError> {
        let Some(e) = self.redo.pop() else { return Ok(None) };
        if let Err(x) = e.apply(d) {
            self.redo.push(e);
            return Err(x);
        }
        self.undo.push(e);
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
