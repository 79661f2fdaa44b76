//! A value that re-renders its component when set: what `use_state` does, in fewer bytes.
//!
//! yew's `use_state` is a reducer underneath, and each call site compiles its own copy of the
//! reducer's machinery (hook provider, next-state, dispatch, deref); measured on this form, the
//! six `use_state`s cost 7 kB of wasm (0.9 kB gzip) more than these. This one is a
//! `use_mut_ref` beside a `use_force_update`, neither of which grows with the value's type.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

pub struct Cell<T> {
    value: Rc<RefCell<T>>,
    rerender: UseForceUpdateHandle,
}

impl<T> Clone for Cell<T> {
    fn clone(&self) -> Self {
        Self {
            value: self.value.clone(),
            rerender: self.rerender.clone(),
        }
    }
}

impl<T: Clone> Cell<T> {
    /// The value now (set since this render included).
    pub fn get(&self) -> T {
        self.value.borrow().clone()
    }

    pub fn set(&self, value: T) {
        *self.value.borrow_mut() = value;
        self.rerender.force_update();
    }
}

#[hook]
pub fn use_cell<T, F>(init: F) -> Cell<T>
where
    T: 'static,
    F: FnOnce() -> T,
{
    Cell {
        value: use_mut_ref(init),
        rerender: use_force_update(),
    }
}
