using PAI.Cli;

return await PaiCommands.Build().Parse(args).InvokeAsync();
