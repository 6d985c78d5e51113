fn main() -> std::process::ExitCode {
    satupintu::cli::main()
}
