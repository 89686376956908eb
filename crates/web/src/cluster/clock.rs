//! The playback clock: a hook that calls back on every animation frame while active, with
//! the frame's `performance.now()` timestamp. Playback turns wall-clock time into simulated
//! time from those timestamps, so a slow frame never slows the simulation down, and a
//! hidden tab (where browsers stop animation frames) simply pauses it.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use yew::prelude::*;

fn schedule(slot: Rc<RefCell<Option<AnimationFrame>>>, on_frame: Callback<f64>) {
    let next = slot.clone();
    let handle = request_animation_frame(move |timestamp| {
        on_frame.emit(timestamp);
        schedule(next, on_frame);
    });
    *slot.borrow_mut() = Some(handle);
}

/// Calls `on_frame` on every animation frame while `active`; stops when it turns false or
/// the component goes away.
#[hook]
pub fn use_animation_frames(active: bool, on_frame: Callback<f64>) {
    use_effect_with(active, move |&active| {
        let slot: Rc<RefCell<Option<AnimationFrame>>> = Rc::default();
        if active {
            schedule(slot.clone(), on_frame);
        }
        move || {
            // Dropping the handle cancels the pending frame; the chain ends there.
            slot.borrow_mut().take();
        }
    });
}
