//! Messages shown where the user looks: a refused drop next to the drop point, an error at
//! the top, with an optional action (Undo a deleted design, Export when storage is full).

use crate::state::{use_app, ToastAction};
use leptos::prelude::*;

#[component]
pub fn ToastView() -> impl IntoView {
    let app = use_app();
    move || {
        app.toast.get().map(|t| {
            let (cw, ch) = app.canvas_size.get_untracked();
            let style = match t.at {
                // Next to where the user acted, kept inside the canvas.
                Some((x, y)) => format!("left:{}px;top:{}px", (x + 12.0).min(cw - 430.0).max(8.0), if y + 90.0 > ch { (y - 70.0).max(8.0) } else { y + 12.0 }),
                None => "left:50%;top:12px;transform:translateX(-50%)".to_string(),
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
