//! The page header: the product's name and what it is for.

use yew::prelude::*;

/// The page header.
#[function_component]
pub fn Header() -> Html {
    html! {
        <header class="app-header">
            <div class="brand">
                <span class="brand-mark" aria-hidden="true">
                    <span class="pod">{ "0" }</span><span class="pod">{ "1" }</span><span class="pod">{ "2" }</span>
                </span>
                <h1 class="brand-name">{ "ordinal" }</h1>
            </div>
            <p class="tagline">{ "Learn Kubernetes StatefulSets from the manifest up" }</p>
        </header>
    }
}
