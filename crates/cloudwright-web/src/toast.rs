//! Messages shown where the user looks: a refused drop next to the drop point, anything else
//! at the bottom centre (never over a banner's buttons), with an optional action (Undo a deleted design, Export when storage is full).

use crate::state::{use_app, ToastAction};
use leptos::prelude::*;

#[component]
pub fn ToastView() -> impl IntoView {
    let app = use_app();
    move || {
        app.toast.get().map(|t| {
            let (cw, ch) = app.canvas_size.get_untracked();
            // Toasts sit above everything (dialogs too); `at` is in canvas pixels.
            let (ox, oy) = document()
                .query_selector(".canvas")
                .ok()
                .flatten()
                .map(|c| {
                    let r = c.get_bounding_client_rect();
                    (r.left(), r.top())
                })
                .unwrap_or_default();
            let style = match t.at {
                // Next to where the user acted, kept inside the canvas.
                Some((x, y)) => format!("left:{}px;top:{}px", ox + (x + 12.0).min(cw - 430.0).max(8.0), oy + if y + 90.0 > ch { (y - 70.0).max(8.0) } else { y + 12.0 }),
                // At the bottom, clear of the banners under the toolbar: a message must
                // never cover their buttons ("Edit here instead", "Export design").
                None => "left:50%;bottom:24px;transform:translateX(-50%)".to_string(),
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
                </div>
            }
        })
    }
}
