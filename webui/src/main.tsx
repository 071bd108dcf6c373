import { render } from 'preact'
import { App } from './app'
import { startSession } from './session'
import './styles.css'

void startSession()

render(<App />, document.getElementById('app')!)
