using PAI.Cli;

return await PaiCommands.InvokeAsync(args);
