//! Messages, out of the diagram's way (issue 14: a refusal sat over AZ a for six seconds):
//! in the strip at the top of the canvas that Fit leaves free (its 40 px margin), below any
//! banner (never over a banner's buttons), at the pointer's x for a refused drop (so it is
//! still next to where the user acted) and centred otherwise; one line where it fits, a few
//! seconds (`AppState::toast_with`), and a close button. With an optional action (Undo a
//! deleted design, Export when storage is full).

use crate::state::{use_app, ToastAction};
use leptos::prelude::*;

/// Widest a toast is, CSS pixels (narrower on a narrow canvas).
const MAX_W: f64 = 520.0;

#[component]
pub fn ToastView() -> impl IntoView {
    let app = use_app();
    // Toasts sit above everything (dialogs too), placed in page pixels: the canvas's corner
    // (`origin`) plus the toast's place on it. The corner is the one measured last, read
    // again in the next animation frame's callback, before that frame is painted (and the
    // toast moved there if the canvas moved meanwhile) — never in the task that shows the
    // toast: a paste of many shows its message after adding hundreds of views, and reading
    // the canvas's box there forced a layout of all of them in the paste's task (8–43 ms,
    // issue 20; the frame lays them out anyway). Measured at once only for the first toast.
    let origin: RwSignal<Option<(f64, f64)>> = RwSignal::new(None);
    Effect::new(move |_| {
        if app.toast.with(Option::is_some) {
            request_animation_frame(move || {
                let now = Some(canvas_origin());
                if origin.try_get_untracked().is_some_and(|o| o != now) {
                    origin.try_set(now);
                }
            });
        }
    });
    // A note of what is going on (`AppState::note_while`: "Pasting…") that another message
    // replaced shows again when that one goes.
    Effect::watch(
        move || app.toast.with(Option::is_none),
        move |gone, _, _| {
            if *gone {
                app.note_again();
            }
        },
        false,
    );
    // A note that the view moved goes when the user moves the view (a pan, a zoom, Fit).
    Effect::watch(move || app.view.track(), move |_, _, _| app.drop_view_note(), false);
    // The hand-over report covers the editor: a message about the editor ("Saved version
    // …") goes as it opens, rather than sit over the report's title (QA s27 F9). An error or a
    // message with an action stays (it asks for something).
    Effect::watch(
        move || app.show_report.get(),
        move |open, _, _| {
            if *open && app.toast.with_untracked(|t| t.as_ref().is_some_and(|t| !t.error && t.action.is_none())) {
                app.toast.set(None);
            }
        },
        false,
    );
    move || {
        // While presenting, the banner over the diagram says that the figures are unavailable:
        // the same sentence in a toast drawn over it hid both (QA s37 G1). It shows again on
        // leaving, if it has not timed out.
        let said_by_banner = move |t: &crate::state::Toast| app.presenting.get() && crate::analysis_worker::figures_unavailable() && t.text == crate::analysis_worker::not_fetched();
        app.toast.get().filter(|t| !said_by_banner(t)).map(|t| {
            let (cw, _) = app.canvas_size.get_untracked();
            if origin.with_untracked(Option::is_none) {
                origin.set(Some(canvas_origin()));
            }
            let w = MAX_W.min(cw - 16.0).max(200.0);
            // Next to where the user acted along x, kept inside the canvas; else centred.
            let left = match t.at {
                Some((x, _)) => (x - w / 2.0).clamp(8.0, (cw - w - 8.0).max(8.0)),
                None => ((cw - w) / 2.0).max(8.0),
            };
            // Its height is the stylesheet's to use (`--toast-top`): over a dialog it goes to
            // the bottom of the window instead (styles/app.css).
            let style = move || {
                let (ox, oy) = origin.get().unwrap_or_default();
                format!("left:{}px;--toast-top:{}px;max-width:{w}px", ox + left, oy + 6.0)
            };
            let action = t.action.clone().map(|a| {
                let label = match &a {
                    ToastAction::RestoreDeletedDesign(_) => "Undo",
                    ToastAction::ExportDesign => "Export",
                };
                view! {
                    <button class="toast-action" on:click=move |_| {
                        match &a {
                            ToastAction::RestoreDeletedDesign(id) => crate::designs::restore_deleted(&app, id),
                            ToastAction::ExportDesign => crate::files::export_json(&app),
                        }
                        app.toast.set(None);
                    }>{label}</button>
                }
            });
            view! {
                <div class=if t.error { "toast error" } else { "toast" } role=if t.error { "alert" } else { "status" } style=style>
                    <span class="toast-text">{t.text.clone()}</span>
                    {action}
                    {(!t.standing).then(|| view! { <button class="toast-close" title="Dismiss" aria-label="Dismiss the message" on:click=move |_| app.toast.set(None)>"×"</button> })}
                </div>
            }
        })
    }
}

/// The canvas's top-left corner in page pixels (`(0, 0)` without a canvas).
fn canvas_origin() -> (f64, f64) {
    document()
        .query_selector(".canvas")
        .ok()
        .flatten()
        .map(|c| {
            let r = c.get_bounding_client_rect();
            (r.left(), r.top())
        })
        .unwrap_or_default()
}
