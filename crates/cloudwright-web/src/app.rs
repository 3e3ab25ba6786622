//! The app shell: header, palette, canvas, side panel.

use cloudwright_engine::catalog::{self, Category};
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <div class="app">
            <header class="topbar">
                <span class="brand">
                    <img src="icons/logo.svg" alt="" width="24" height="24"/>
                    "Cloudwright"
                </span>
                <span class="design-name">"Untitled design"</span>
            </header>
            <main class="workspace">
                <Palette/>
                <section class="canvas" aria-label="Canvas">
                    <svg class="canvas-svg" xmlns="http://www.w3.org/2000/svg"></svg>
                </section>
                <aside class="sidepanel" aria-label="Inspector and findings">
                    <h2>"Inspector"</h2>
                    <p class="muted">"Select a component to see its properties."</p>
                </aside>
            </main>
        </div>
    }
}

/// Every catalog kind, grouped by category.
#[component]
fn Palette() -> impl IntoView {
    view! {
        <nav class="palette" aria-label="Components">
            {Category::ALL
                .into_iter()
                .map(|c| {
                    view! {
                        <details class="palette-group" open=true>
                            <summary>{c.name()}</summary>
                            <ul>
                                {catalog::in_category(c)
                                    .map(|k| {
                                        view! {
                                            <li class="palette-item" title=k.summary data-kind=k.id>
                                                <img src=format!("icons/{}", k.icon) alt="" width="20" height="20" loading="lazy"/>
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
