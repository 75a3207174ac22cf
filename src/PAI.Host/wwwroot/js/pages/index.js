// Every page of the console, in navigation order. A new page is a module here plus one import line.
import "./goals.js";
import "./submit.js";
import "./goal.js";
import "./approvals.js";
import "./gpus.js";
import "./memories.js";
import "./keys.js";
import "./audit.js";
import "./schedules.js";
import "./knowledge.js";
import "./usage.js";
