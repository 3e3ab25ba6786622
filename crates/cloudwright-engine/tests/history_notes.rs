//! The editor's note kept beside a history step (the app's follow pan, `History::note_newest`):
//! it moves with its step through undo and redo, goes when the step does, and is found by
//! position, never by comparing edits — two equal steps keep their own notes.

use cloudwright_engine::history::HISTORY_LIMIT;
use cloudwright_engine::{file, Design, Edit, History, NodeId};

fn three_tier() -> Design {
    file::load(&std::fs::read_to_string("../../templates/three-tier.json").unwrap()).unwrap()
}

/// Applies a step: the ALB renamed `to`.
fn rename(h: &mut History, d: &mut Design, to: &str) {
    let e = Edit::set_label(d, &NodeId::new("alb"), to);
    h.apply(d, e).unwrap();
}

#[test]
fn a_note_moves_with_its_step_through_undo_and_redo() {
    let mut d = three_tier();
    let mut h = History::new();
    rename(&mut h, &mut d, "A");
    h.note_newest((10.0, -4.0));
    rename(&mut h, &mut d, "B");
    assert_eq!(h.next_undo_note(), None, "the newer step has no note");
    h.undo(&mut d).unwrap();
    assert_eq!(h.next_redo_note(), None);
    assert_eq!(h.next_undo_note(), Some((10.0, -4.0)), "the older step's note, found by position");
    h.undo(&mut d).unwrap();
    assert_eq!(h.next_redo_note(), Some((10.0, -4.0)), "undone, its note waits for its redo");
    assert_eq!(h.next_undo_note(), None);
    h.redo(&mut d).unwrap();
    assert_eq!(h.next_undo_note(), Some((10.0, -4.0)), "redone, it is the undo's again");
    // A new step clears the redo stack and its notes.
    rename(&mut h, &mut d, "C");
    assert_eq!(h.next_redo_note(), None);
    assert_eq!(h.next_undo_note(), None);
}

#[test]
fn equal_steps_keep_their_own_notes() {
    // The same rename twice (A, then back and A again): the note is the step's, not the
    // edit's (the old memory matched an equal edit, and panned for a step that had not).
    let mut d = three_tier();
    let mut h = History::new();
    let to_a = Edit::set_label(&d, &NodeId::new("alb"), "A");
    h.apply(&mut d, to_a.clone()).unwrap();
    h.note_newest((5.0, 0.0));
    h.apply(&mut d, to_a.invert()).unwrap();
    h.apply(&mut d, to_a).unwrap();
    assert_eq!(h.next_undo_note(), None, "the second, equal step did not pan");
    h.undo(&mut d).unwrap();
    h.undo(&mut d).unwrap();
    assert_eq!(h.next_undo_note(), Some((5.0, 0.0)));
}

#[test]
fn a_note_goes_with_its_step_past_the_limit_and_a_reopened_history_has_none() {
    let mut d = three_tier();
    let mut h = History::new();
    rename(&mut h, &mut d, "first");
    h.note_newest((1.0, 1.0));
    for i in 0..HISTORY_LIMIT {
        rename(&mut h, &mut d, &format!("n{i}"));
    }
    // The first step is dropped; so is its note (no step is left with it).
    let mut undone = 0;
    while h.can_undo() {
        assert_eq!(h.next_undo_note(), None);
        h.undo(&mut d).unwrap();
        undone += 1;
    }
    assert_eq!(undone, HISTORY_LIMIT);
    // Saved and read back: the steps, no notes (a view pan is not saved).
    let mut h = History::new();
    rename(&mut h, &mut d, "x");
    h.note_newest((2.0, 2.0));
    let mut back: History = serde_json::from_str(&serde_json::to_string(&h).unwrap()).unwrap();
    assert_eq!(back.next_undo_note(), None);
    rename(&mut back, &mut d, "y");
    back.note_newest((3.0, 3.0));
    assert_eq!(back.next_undo_note(), Some((3.0, 3.0)));
    back.undo(&mut d).unwrap();
    assert_eq!(back.next_undo_note(), None, "the read-back step has an empty slot");
}

/// QA s27 F3: after Fit (the whole view reset) no step's follow pan is given back by Undo or
/// Redo — the user is no longer where those pans took them. The steps themselves stay.
#[test]
fn forgotten_notes_leave_the_steps() {
    let mut d = three_tier();
    let mut h = History::new();
    rename(&mut h, &mut d, "A");
    h.note_newest((10.0, -4.0));
    rename(&mut h, &mut d, "B");
    h.note_newest((0.0, 364.0));
    h.undo(&mut d).unwrap();
    assert_eq!(h.next_redo_note(), Some((0.0, 364.0)));
    h.forget_notes();
    assert_eq!(h.next_redo_note(), None, "the redo's pan is forgotten");
    assert_eq!(h.next_undo_note(), None, "the undo's pan is forgotten");
    h.undo(&mut d).unwrap();
    assert!(h.can_redo() && !h.can_undo(), "both steps are still there");
    h.redo(&mut d).unwrap();
    h.redo(&mut d).unwrap();
    assert_eq!(d.nodes[&NodeId::new("alb")].label, "B");
    // A step made after it keeps its own note.
    rename(&mut h, &mut d, "C");
    h.note_newest((1.0, 2.0));
    assert_eq!(h.next_undo_note(), Some((1.0, 2.0)));
}
