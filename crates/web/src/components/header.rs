//! The page header: the product's name, what it is for, and the page-wide actions.

use yew::prelude::*;

/// The header's properties.
#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    /// The page-wide actions (the examples menu).
    #[prop_or_default]
    pub children: Html,
}

/// The page header.
#[function_component]
pub fn Header(props: &HeaderProps) -> Html {
    html! {
        <header class="app-header">
            <div class="brand">
                <span class="brand-mark" aria-hidden="true">
                    <span class="pod">{ "0" }</span><span class="pod">{ "1" }</span><span class="pod">{ "2" }</span>
                </span>
                <h1 class="brand-name">{ "ordinal" }</h1>
            </div>
            <p class="tagline">{ "Learn Kubernetes StatefulSets from the manifest up" }</p>
            <div class="header-actions">{ props.children.clone() }</div>
        </header>
    }
}
