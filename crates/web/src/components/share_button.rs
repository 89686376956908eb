//! The Share button: makes a link to exactly what is on screen (the text, and in the whole
//! page the lesson step and the lab's position), shows it to copy, and says when it cannot be
//! made.

use web_sys::HtmlTextAreaElement;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The share button's properties.
#[derive(Properties, PartialEq)]
pub struct ShareButtonProps {
    /// Makes the link, or says why it cannot be made.
    pub link: Callback<(), Result<String, String>>,
    /// What the link restores: "this text", "this text, lesson step and lab".
    pub covers: AttrValue,
}

/// The Share button and its popover.
#[function_component]
pub fn ShareButton(props: &ShareButtonProps) -> Html {
    let open = use_state_eq(|| None::<Result<String, String>>);
    let field = use_node_ref();
    let copied = use_state_eq(|| false);
    let onclick = {
        let open = open.clone();
        let link = props.link.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            copied.set(false);
            open.set(if open.is_some() { None } else { Some(link.emit(())) });
        })
    };
    {
        let field = field.clone();
        use_effect_with((*open).clone(), move |_| {
            if let Some(el) = field.cast::<HtmlTextAreaElement>() {
                let _ = el.focus();
                el.select();
            }
        });
    }
    let copy = {
        let field = field.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = field.cast::<HtmlTextAreaElement>() {
                el.select();
                let ok = gloo::utils::document().dyn_into::<web_sys::HtmlDocument>().ok().and_then(|d| d.exec_command("copy").ok()).unwrap_or(false);
                copied.set(ok);
            }
        })
    };
    let close = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(None))
    };
    let popover = (*open).clone().map(|r| match r {
        Ok(link) => html! {
            <div class="share-popover" role="dialog" aria-label="Share link" data-testid="share-popover">
                <p>{ format!("A link to {} ({} characters). It stays in the address after #, so nothing is sent to a server.", props.covers, link.len()) }</p>
                <textarea ref={field} class="share-link" readonly=true rows="3" aria-label="The share link" data-testid="share-link" value={link} />
                <div class="share-actions">
                    <button type="button" class="btn btn-small btn-primary" onclick={copy}>{ if *copied { "Copied" } else { "Copy" } }</button>
                    <button type="button" class="btn btn-small" onclick={close}>{ "Close" }</button>
                </div>
            </div>
        },
        Err(why) => html! {
            <div class="share-popover" role="alert" data-testid="share-popover">
                <p>{ format!("No link can be made: {why}.") }</p>
                <button type="button" class="btn btn-small" onclick={close}>{ "Close" }</button>
            </div>
        },
    });
    html! {
        <div class="share">
            <button type="button" class="btn" {onclick} aria-expanded={open.is_some().to_string()} data-testid="share">{ "Share" }</button>
            { for popover }
        </div>
    }
}
