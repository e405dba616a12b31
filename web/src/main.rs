fn main() {
    #[cfg(target_arch = "wasm32")]
    quotelens_app::start();
}
