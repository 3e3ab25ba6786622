//! The palette: every catalog kind, grouped by category, with its AWS icon. Drag a kind onto
//! the canvas, or type in the search box and press Enter to place the first match.
//!
//! While searching, the groups and the kinds in them are shown in the engine's rank order
//! (`catalog::search`: `db` lists RDS before the endpoint whose summary mentions DynamoDB),
//! so the first one listed is the one Enter places. CSS `order` does it: each kind keeps its
//! one element, whatever the query.

use crate::actions;
use crate::state::use_app;
use cloudwright_engine::catalog::{self, Category};
use leptos::ev;
use leptos::prelude::*;

#[component]
pub fn Palette() -> impl IntoView {
    let app = use_app();
    let query = RwSignal::new(String::new());
    let matches = Memo::new(move |_| query.with(|q| catalog::search(q).into_iter().map(|k| k.id).collect::<Vec<_>>()));
    let searching = move || query.with(|q| !q.trim().is_empty());
    // A kind's place in the results (CSS order), after the search box (order 0).
    let rank = move |id: &str| matches.with(|m| m.iter().position(|k| *k == id).map_or(10_000, |i| i + 1));
    let on_key = move |e: ev::KeyboardEvent| {
        if e.key() == "Enter" {
            // Always an answer: placed (and selected), the reason it could not be, or no match.
            match matches.get_untracked().first() {
                Some(first) => {
                    if actions::place_kind_somewhere(&app, first) {
                        query.set(String::new());
                    }
                }
                None => {
                    let q = query.get_untracked();
                    let why = catalog::synonyms::not_in_catalog(q.trim()).map_or_else(|| "Try another word, e.g. postgres, queue or cdn.".to_string(), |w| w.to_string());
                    app.error_at(format!("No component matches \u{201c}{}\u{201d}. {why}", q.trim()), None);
                }
            }
        } else if e.key() == "Escape" {
            query.set(String::new());
        }
    };
    view! {
        <nav class="palette" class:searching=searching aria-label="Components">
            <input
                class="palette-search"
                type="search"
                placeholder="Search components (/)"
                aria-label="Search components"
                prop:value=move || query.get()
                on:input=move |e| query.set(event_target_value(&e))
                on:keydown=on_key
            />
            {Category::ALL
                .into_iter()
                .map(|c| {
                    let any = move || matches.with(|m| catalog::in_category(c).any(|k| m.contains(&k.id)));
                    view! {
                        <details class="palette-group" open=true style:display=move || if any() { "" } else { "none" }
                            style:order=move || if searching() { catalog::in_category(c).map(|k| rank(k.id)).min().unwrap_or(10_000).to_string() } else { String::new() }>
                            <summary>{c.name()}</summary>
                            <ul>
                                {catalog::in_category(c)
                                    .map(|k| {
                                        let shown = move || matches.with(|m| m.contains(&k.id));
                                        view! {
                                            <li
                                                class="palette-item"
                                                title=k.summary
                                                data-kind=k.id
                                                draggable="true"
                                                style:display=move || if shown() { "" } else { "none" }
                                                style:order=move || if searching() { rank(k.id).to_string() } else { String::new() }
                                                on:dragstart=move |e: ev::DragEvent| {
                                                    if let Some(dt) = e.data_transfer() {
                                                        let _ = dt.set_data("text/x-cloudwright-kind", k.id);
                                                        dt.set_effect_allowed("copy");
                                                    }
                                                    // The canvas highlights where it would land.
                                                    crate::placing::set_palette_kind(Some(k.id));
                                                }
                                                on:dragend=move |_| crate::placing::set_palette_kind(None)
                                                on:dblclick=move |_| { actions::place_kind_somewhere(&app, k.id); }
                                            >
                                                <img src=format!("icons/{}", k.icon) alt="" width="20" height="20" draggable="false"/>
                                                <span>{k.name}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </details>
                    }
                })
                .collect_view()}
        </nav>
    }
}
