"""Query execution for the web app: a Job goes to the one QueryService (worker processes, timeout, row cap, memory
cap, SERVICE allow-list), whose worker reports an Outcome; answers.py turns the Outcome into HTTP."""
