using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Omnichat.Bench.InboxBenchmarks).Assembly).Run(args);
