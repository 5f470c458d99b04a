/** Renderer entry: connect to the core through whichever transport this page has, then mount the app. */
import { mount } from 'svelte';
import App from './App.svelte';
import './styles/global.css';

mount(App, { target: document.getElementById('app') as HTMLElement });
