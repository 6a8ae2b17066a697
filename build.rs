// include_dir does not notice added or removed files; rebuild when the embedded folders change.
fn main() {
    println!("cargo:rerun-if-changed=presets");
    println!("cargo:rerun-if-changed=templates");
}
