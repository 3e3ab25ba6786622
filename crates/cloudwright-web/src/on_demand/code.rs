//! Whether a split point's code is in: the one record of it ([`Code`]), for every part of the
//! page that fetches code on first use (the inspector's forms, the page's analyses, the paste's
//! code, the analysis worker's wire). Before it, each kept its own copy of "not fetched /
//! on its way / in", with its own rule for when a failed fetch was tried again (review s55,
//! "Duplicate state"); the inspector tried again on every re-render, 27 requests each time
//! (QA s55 G9).
//!
//! Plain Rust, no browser and no reactive graph: the transitions are tested natively
//! (`rustc --test` on this file, scripts/test.sh), and `on_demand::Split` wraps it for the page
//! (a thread-local, a signal for the views, the fetch itself).
//!
//! The rules it holds:
//! - one fetch at a time: asking while one is on its way waits for that one;
//! - a failure is kept: an automatic ask ([`Ask::Use`]: the idle prefetch, a view shown again,
//!   a reactive re-run) gets the failure back without a fetch; only an ask a user made for it
//!   ([`Ask::Retry`]: a Retry button, the selected component clicked again, a paste key) fetches
//!   again;
//! - once in, it stays in (the split loader keeps a loaded module for the session).

/// Why the code is asked for: whether a failure may be tried again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// Because something needs it (the idle prefetch, a view built or built again): fetches only
    /// if it was never fetched.
    Use,
    /// Because the user asked for what needs it (a Retry button, a click on the selected
    /// component, a paste): fetches again after a failure too.
    Retry,
}

/// Why the last fetch failed, and when.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// When it failed, in milliseconds on the caller's clock (the page: `Date.now()`).
    pub at_ms: f64,
    /// What the loader said (its message; the console has the file's name).
    pub why: String,
    /// How many fetches have failed in a row (1 after the first).
    pub tries: u32,
}

/// Where the code is (what a view shows).
#[derive(Clone, Debug, PartialEq)]
pub enum Stage<T> {
    /// Never asked for.
    NotFetched,
    /// On its way; `again`: a retry after a failure.
    Fetching { again: bool },
    /// In: every later ask gets it at once.
    In(T),
    /// The last fetch failed; kept until a [`Ask::Retry`].
    Failed(Failure),
}

/// What the asker does next ([`Code::ask`]).
#[derive(Debug, PartialEq)]
pub enum Next<T> {
    /// The code is in: use it now.
    Ready(T),
    /// Start the fetch (the state is now `Fetching`); then [`Code::arrived`] or [`Code::failed`].
    Start,
    /// A fetch is on its way: wait for it ([`Code::wait`]).
    Wait,
    /// The last fetch failed and this ask may not try again ([`Ask::Use`]).
    Refused(Failure),
}

/// One split point's code: its [`Stage`] and the askers waiting for the fetch on its way
/// (`W`: whatever the page wakes them with).
pub struct Code<T, W> {
    stage: Stage<T>,
    waiting: Vec<W>,
    /// Fetches failed in a row (since the record was made: once in, none is tried again).
    failed_in_row: u32,
    /// Whether a view has read the stage to show it ([`Code::shown`]: its wait or its failure):
    /// a failure is then the user's to see, and is not forgotten ([`Code::forget_failure`];
    /// review s56 R1: the idle prefetch wiped the inspector's error the user was reading, and
    /// fetched again unasked).
    shown: bool,
}

impl<T: Clone, W> Default for Code<T, W> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Clone, W> Code<T, W> {
    /// Not fetched, nobody waiting.
    pub const fn new() -> Self {
        Code { stage: Stage::NotFetched, waiting: Vec::new(), failed_in_row: 0, shown: false }
    }

    /// Where the code is.
    pub fn stage(&self) -> &Stage<T> {
        &self.stage
    }

    /// The code, if it is in.
    pub fn get(&self) -> Option<T> {
        match &self.stage {
            Stage::In(t) => Some(t.clone()),
            _ => None,
        }
    }

    /// Asks for the code: what to do next (see the module's rules). Moves to `Fetching` when
    /// the answer is [`Next::Start`].
    pub fn ask(&mut self, ask: Ask) -> Next<T> {
        match &self.stage {
            Stage::In(t) => Next::Ready(t.clone()),
            Stage::Fetching { .. } => Next::Wait,
            Stage::NotFetched => {
                self.stage = Stage::Fetching { again: false };
                Next::Start
            }
            Stage::Failed(f) if ask == Ask::Use => Next::Refused(f.clone()),
            Stage::Failed(_) => {
                self.stage = Stage::Fetching { again: true };
                Next::Start
            }
        }
    }

    /// Waits for the fetch on its way: `w` is handed back by [`Code::arrived`] or
    /// [`Code::failed`]. Only while `Fetching` (else `w` is handed back at once: `Err`).
    pub fn wait(&mut self, w: W) -> Result<(), W> {
        match self.stage {
            Stage::Fetching { .. } => {
                self.waiting.push(w);
                Ok(())
            }
            _ => Err(w),
        }
    }

    /// What the fetch that just ended gives its askers: the code if it is in (a failure
    /// reported with the code already in keeps it: [`Code::failed`]), else the failure.
    /// Only once the fetch has ended (`In` or `Failed`).
    pub fn outcome(&self) -> Result<T, Failure> {
        match &self.stage {
            Stage::In(t) => Ok(t.clone()),
            Stage::Failed(f) => Err(f.clone()),
            Stage::NotFetched | Stage::Fetching { .. } => unreachable!("a fetch's outcome asked before it ended"),
        }
    }

    /// The fetch brought the code: it is in for good. Returns the askers that waited, in order
    /// (to wake outside any borrow of this record).
    pub fn arrived(&mut self, t: T) -> Vec<W> {
        self.stage = Stage::In(t);
        std::mem::take(&mut self.waiting)
    }

    /// Marks the stage as shown to the user: a view read it to draw it (the wait, then the
    /// failure it waited for; a view reading the wait is told of the failure before any
    /// prefetch that joined the same fetch can forget it).
    pub fn shown(&mut self) {
        self.shown = true;
    }

    /// Forgets a failure nobody was shown (a prefetch's): the stage goes back to `NotFetched`,
    /// so the first view that needs the code tries once itself. Does nothing otherwise — a
    /// failure a view shows stays until the user asks again ([`Ask::Retry`]).
    pub fn forget_failure(&mut self) {
        if let (Stage::Failed(_), false) = (&self.stage, self.shown) {
            self.stage = Stage::NotFetched;
        }
    }

    /// The fetch failed at `at_ms`, saying `why`. Returns the askers that waited, in order.
    /// (A failure reported with the code already in changes nothing: the code stays.)
    pub fn failed(&mut self, at_ms: f64, why: String) -> Vec<W> {
        if let Stage::In(_) = self.stage {
            return std::mem::take(&mut self.waiting);
        }
        self.failed_in_row += 1;
        self.stage = Stage::Failed(Failure { at_ms, why, tries: self.failed_in_row });
        std::mem::take(&mut self.waiting)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type C = Code<&'static str, u32>;

    #[test]
    fn a_first_ask_starts_one_fetch_and_later_asks_wait_for_it() {
        let mut c = C::new();
        assert_eq!(c.stage(), &Stage::NotFetched);
        assert_eq!(c.ask(Ask::Use), Next::Start);
        assert_eq!(c.stage(), &Stage::Fetching { again: false });
        // A second ask of either kind joins the fetch on its way: one fetch at a time.
        assert_eq!(c.ask(Ask::Use), Next::Wait);
        assert_eq!(c.ask(Ask::Retry), Next::Wait);
        assert_eq!(c.wait(1), Ok(()));
        assert_eq!(c.wait(2), Ok(()));
        assert_eq!(c.get(), None);
        // The askers are handed back in order, and the code is in for good.
        assert_eq!(c.arrived("code"), vec![1, 2]);
        assert_eq!(c.outcome(), Ok("code"));
        assert_eq!(c.get(), Some("code"));
        assert_eq!(c.ask(Ask::Use), Next::Ready("code"));
        assert_eq!(c.ask(Ask::Retry), Next::Ready("code"));
        // Nothing to wait for once in: the asker is handed back at once.
        assert_eq!(c.wait(3), Err(3));
    }

    #[test]
    fn a_failure_shown_is_not_forgotten_by_a_prefetch() {
        // Nobody showed it: forgotten, the first view tries once.
        let mut c = C::new();
        assert_eq!(c.ask(Ask::Use), Next::Start);
        c.failed(1.0, "Failed to fetch".into());
        c.forget_failure();
        assert_eq!(c.stage(), &Stage::NotFetched);
        // A view showed the wait (a selection during the fetch), then the failure: the
        // prefetch that joined the fetch must not wipe it (review s56 R1).
        assert_eq!(c.ask(Ask::Use), Next::Start);
        c.shown();
        c.failed(2.0, "Failed to fetch".into());
        c.forget_failure();
        assert!(matches!(c.stage(), Stage::Failed(_)), "kept");
        assert!(matches!(c.ask(Ask::Use), Next::Refused(_)), "no fetch unasked");
        // Only the user's ask fetches again.
        assert_eq!(c.ask(Ask::Retry), Next::Start);
    }

    #[test]
    fn a_failure_is_kept_until_the_user_asks_again() {
        let mut c = C::new();
        assert_eq!(c.ask(Ask::Use), Next::Start);
        c.wait(7).unwrap();
        assert_eq!(c.failed(1_000.0, "Failed to fetch".into()), vec![7]);
        let first = Failure { at_ms: 1_000.0, why: "Failed to fetch".into(), tries: 1 };
        assert_eq!(c.stage(), &Stage::Failed(first.clone()));
        assert_eq!(c.outcome(), Err(first.clone()), "what the waiting askers get");
        // Re-renders, the prefetch, a view shown again: no new fetch (QA s55 G9).
        for _ in 0..5 {
            assert_eq!(c.ask(Ask::Use), Next::Refused(first.clone()));
        }
        assert_eq!(c.wait(8), Err(8), "nothing on its way to wait for");
        // A Retry fetches again, once: the asks meanwhile wait for it.
        assert_eq!(c.ask(Ask::Retry), Next::Start);
        assert_eq!(c.stage(), &Stage::Fetching { again: true });
        assert_eq!(c.ask(Ask::Retry), Next::Wait);
        assert_eq!(c.ask(Ask::Use), Next::Wait);
        // It fails again: the second in a row, at its own time.
        c.failed(2_500.0, "Failed to fetch".into());
        assert_eq!(c.stage(), &Stage::Failed(Failure { at_ms: 2_500.0, why: "Failed to fetch".into(), tries: 2 }));
        // The third try works: in, and the failure is forgotten.
        assert_eq!(c.ask(Ask::Retry), Next::Start);
        assert!(c.arrived("code").is_empty());
        assert_eq!(c.ask(Ask::Use), Next::Ready("code"));
    }

    #[test]
    fn a_prefetch_failure_forgotten_lets_the_first_view_try_once() {
        let mut c = C::new();
        assert_eq!(c.ask(Ask::Use), Next::Start);
        c.failed(1.0, "offline".into());
        c.forget_failure();
        assert_eq!(c.stage(), &Stage::NotFetched);
        // The first view tries (a first fetch, not a retry); its failure is kept.
        assert_eq!(c.ask(Ask::Use), Next::Start);
        assert_eq!(c.stage(), &Stage::Fetching { again: false });
        c.failed(2.0, "offline".into());
        assert!(matches!(c.ask(Ask::Use), Next::Refused(Failure { tries: 2, .. })));
        // Nothing to forget while in or on its way.
        assert_eq!(c.ask(Ask::Retry), Next::Start);
        c.forget_failure();
        assert_eq!(c.stage(), &Stage::Fetching { again: true });
        c.arrived("code");
        c.forget_failure();
        assert_eq!(c.get(), Some("code"));
    }

    #[test]
    fn a_failure_after_a_success_does_not_take_the_code_away() {
        let mut c = C::new();
        c.ask(Ask::Use);
        c.arrived("code");
        assert!(c.failed(5.0, "late".into()).is_empty());
        assert_eq!(c.outcome(), Ok("code"), "the askers of the late failure get the code");
        assert_eq!(c.get(), Some("code"));
    }

    #[test]
    fn a_first_fetch_asked_by_a_user_is_not_a_retry() {
        // A fresh record's first failure is the first try, whether it was asked by Use or Retry.
        let mut c = C::new();
        assert_eq!(c.ask(Ask::Retry), Next::Start);
        assert_eq!(c.stage(), &Stage::Fetching { again: false });
        c.failed(1.0, "x".into());
        assert!(matches!(c.stage(), Stage::Failed(Failure { tries: 1, .. })));
    }
}
